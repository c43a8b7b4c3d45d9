"""Faults found by running the service as a public portal would (issue 9), each pinned by a test that
failed before its fix: long OpenAI conversations, error headers, offline docs, early admin refusal, logs."""

import json

import pytest

from assistant.answer import Answerer
from assistant.settings import Settings

TURNS = ["Năm 2027 còn những nhiệm vụ nào?", "Sở Nông nghiệp và Môi trường chủ trì những gì?",
         "UBND các huyện có nhiệm vụ gì?", "Những nhiệm vụ nào đang thực hiện?", "Năm 2025 còn những nhiệm vụ nào?",
         "Sở Thông tin và Truyền thông chủ trì những nhiệm vụ nào?", "Mục đích của kế hoạch là gì?",
         "Năm 2023 còn những nhiệm vụ nào?", "Sở Công Thương chủ trì những gì?", "còn thời gian thực hiện?"]


def test_the_openai_client_keeps_a_long_conversation(live_server) -> None:
    """The SDK resends the history every turn; with a 16 KiB body limit turn 6 was a 413."""
    from openai import OpenAI

    sdk = OpenAI(base_url=f"{live_server.url}/v1", api_key="not-needed", max_retries=0)
    messages: list[dict] = [{"role": "system", "content": "Trả lời bằng tiếng Việt, có trích dẫn."}]
    for question in TURNS:
        messages.append({"role": "user", "content": question})
        reply = sdk.chat.completions.create(model="plan-assistant", messages=messages)
        messages.append({"role": "assistant", "content": reply.choices[0].message.content})
    assert len(json.dumps(messages, ensure_ascii=False).encode()) > live_server.settings.max_body_bytes
    assert "Sở Công Thương" in messages[-3]["content"] and "2022-2030" in messages[-1]["content"]


def test_a_chat_body_over_its_own_limit_is_still_413(live_server) -> None:
    import httpx

    history = [{"role": "user", "content": "x" * 1000}] * (live_server.settings.max_chat_body_bytes // 1000 + 1)
    response = httpx.post(f"{live_server.url}/v1/chat/completions", json={"messages": history})
    assert response.status_code == 413 and str(live_server.settings.max_chat_body_bytes) in response.json()["detail"]
