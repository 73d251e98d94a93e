# Spotter API image. Configured by environment only (see README: Configuration).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY assistant assistant
COPY channels channels
COPY domain domain
COPY intents intents
COPY prompts prompts
COPY speech speech
# The runtime packages only, each at its version in requirements.lock (the lock also holds the dev tools).
RUN pip install -c requirements.lock ".[tts]" && useradd --create-home spotter && mkdir -p /app/var && chown spotter /app/var
USER spotter
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["python", "-m", "assistant", "serve", "--host", "0.0.0.0", "--port", "8000"]
