"""HTTP layer: FastAPI app, routes and their request/response models. No answering logic here."""
