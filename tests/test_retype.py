"""The re-typed forms the evaluation asks every question in."""

import bogo

from assistant.retype import FORMS, retype, strip_marks, to_telex, to_vni


def test_telex_and_vni_round_trip_through_an_input_method() -> None:
    for phrase in ("sở nào chủ trì", "thương mại điện tử", "người lao động chuyển đổi nghề nghiệp", "đới bờ"):
        for word in phrase.split():
            assert bogo.process_sequence(to_telex(word)) == word
            assert bogo.process_sequence(to_vni(word), rules=bogo.get_vni_definition()) == word


def test_forms_of_one_question() -> None:
    question = "Sở nào chủ trì thương mại điện tử?"
    assert retype(question, "no_diacritics") == strip_marks(question) == "So nao chu tri thuong mai dien tu?"
    assert retype(question, "telex") == "Sowr naof chur trif thuwowng maij ddieenj tuwr?"
    assert retype(question, "capitals") == question.upper()
    assert question in retype(question, "wrapped", 0) and retype(question, "wrapped", 0) != question
    slipped = retype(question, "one_typo", 3)
    assert slipped != question and len(slipped.split()) == len(question.split())
    assert set(FORMS) == {"no_diacritics", "telex", "vni", "capitals", "wrapped", "one_typo"}


def test_english_questions_are_not_turned_into_keystrokes() -> None:
    question = "Who leads AI in e-commerce?"
    assert retype(question, "telex") == retype(question, "vni") == question
    assert question in retype(question, "wrapped", 1)
