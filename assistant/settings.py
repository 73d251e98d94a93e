"""One settings class, read from the environment at startup and passed down as plain values."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.logs import LogFormat
from assistant.secret_file import load_or_create_secret


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/spotter.db"
    redis_url: str | None = None
    auto_migrate: bool = True  # migrate and seed on startup (the embedded default)
    jwt_secret: str = ""  # empty in development: made once, kept in jwt_secret_file (see below)
    access_token_ttl_s: int = 900
    refresh_token_ttl_days: int = 30
    argon2_time_cost: int = 2
    argon2_memory_kib: int = 19456
    rate_limit: str = "1200/minute"  # per user (or per address when anonymous)
    auth_rate_limit: str = "30/minute"  # login, register, refresh: per address
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    idempotency_ttl_hours: int = 24
    db_pool_size: int = 10
    log_level: str = "INFO"
    log_format: LogFormat = "text"  # "json": one JSON object per line, uvicorn's lines too (assistant/logs.py)
    whisper_model: str = "base"  # a packaged model name, or a local CTranslate2 directory
    model_cache_dir: str = "./var/models"
    whisper_threads: int = 2
    whisper_prompt: bool = True  # bias decoding toward gym words
    speech_preload: bool = False  # load the speech model at startup instead of on first use
    max_utterance_s: float = 15.0
    vad_end_silence_ms: int = 500  # silence that ends an utterance
    vad_aggressiveness: int = 2
    doubt_threshold: float = Field(default=0.4, ge=0, le=1)  # a spoken write resting on a word below this asks first
    tts_voice: str = "joe"  # the packaged Piper voice, or a path to a .onnx voice
    llm_base_url: str | None = None  # any OpenAI-compatible server: OpenAI, vLLM, Ollama, llama.cpp
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 8.0
    llm_generate_timeout_s: float = Field(default=20.0, gt=0)  # one call drafting a workout (a repair is a second)
    llm_breaker_failures: int = Field(default=3, ge=1)  # failed calls in a row that open the circuit
    llm_breaker_cooldown_s: float = Field(default=30.0, ge=0)  # how long an open circuit leaves the model alone
    public_base_url: str | None = None  # how third parties reach us (Twilio signs this URL)
    twilio_auth_token: str | None = None
    telegram_bot_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_api_url: str = "https://api.telegram.org"  # tests point it at a loopback fake
    max_frame_bytes: int = 65536
    voice_idle_timeout_s: float = 30.0
    max_audio_upload_bytes: int = 10_485_760

    # Hostile input and failing parts (issue 18): audio and socket limits, the signing secret, Redis outages.
    jwt_secret_file: str = "./var/jwt_secret"  # development without JWT_SECRET: a random one kept here (0600)
    audio_min_sample_rate: int = Field(default=8000, ge=1)
    audio_max_sample_rate: int = Field(default=48000, ge=1)
    max_audio_s: float = Field(default=30.0, gt=0)  # decoded seconds of one upload or voice note
    voice_max_frames_per_s: int = Field(default=200, ge=1)  # socket messages per second (2 s burst)
    voice_max_bytes_per_s: int = Field(default=524_288, ge=1024)  # socket audio bytes per second (2 s burst)
    voice_max_audio_speed: float = Field(default=20.0, gt=0)  # decoded audio seconds per second of a stream
    redis_outage: Literal["local", "refuse"] = "local"  # Redis down: count and keep state in the process, or 503
    redis_timeout_s: float = Field(default=1.0, gt=0)  # connecting to and each call of Redis
    login_failure_limit: str = "10/15minutes"  # failed logins per email address
    password_hash_threads: int = Field(default=2, ge=1)  # argon2 runs in threads, at most this many at once

    # Request limits (issue 18): no one request may stall the server. Past one: a 422 naming the setting.
    max_sets_per_request: int = Field(default=500, ge=1)  # sets one request writes (entries x `sets`; a whole batch)
    max_batch_workouts: int = Field(default=100, ge=1, le=100)  # workouts in one offline batch
    max_message_chars: int = Field(default=2000, ge=1)  # text to the assistant (/assistant/*, /voice/command)
    max_page_size: int = Field(default=100, ge=1, le=100)  # `limit` of list endpoints (api.md: at most 100)
    max_sets_shown: int = Field(default=200, ge=1)  # sets a workout read carries; GET /workouts/{id}/sets pages all

    # Device sync (issue 21): tokens sealed under DEVICE_TOKEN_KEY (any 32+ character secret; made once
    # under ./var/ when unset), provider clouds at overridable base URLs (tests: loopback fakes).
    device_token_key: str = ""
    device_token_key_file: str = "./var/device_token_key"
    device_http_timeout_s: float = Field(default=10.0, gt=0)  # one call to a provider's cloud
    device_max_attempts: int = Field(default=5, ge=1)  # tries of one call (429, 5xx, timeouts) before the sync fails
    device_backoff_s: float = Field(default=1.0, ge=0)  # first wait between tries, doubled each time
    device_max_wait_s: float = Field(default=60.0, ge=0)  # the longest Retry-After honoured in a sync
    device_sync_every_min: int = Field(default=60, ge=0)  # incremental syncs of cloud providers (0: by hand only)
    device_upload_dir: str = "./var/uploads"  # uploaded exports wait here for their job (shared with workers)
    max_export_bytes: int = Field(default=1_073_741_824, ge=1024)  # an Apple Health export.xml or export.zip
    strava_client_id: str | None = None
    strava_client_secret: str | None = None
    strava_webhook_verify_token: str | None = None  # the token Strava echoes when a subscription is made
    strava_subscription_id: int | None = None  # events naming another subscription are refused
    strava_base_url: str = "https://www.strava.com"
    # The other clouds: each offered once its client id and secret are set. `*_base_url` is the API
    # (and token endpoint), `*_auth_url` the host of the page where the lifter grants access.
    oura_client_id: str | None = None
    oura_client_secret: str | None = None  # also the key Oura signs webhook notifications with
    oura_webhook_verify_token: str | None = None  # the token Oura sends when it checks our callback
    oura_base_url: str = "https://api.ouraring.com"
    oura_auth_url: str = "https://cloud.ouraring.com"
    withings_client_id: str | None = None
    withings_client_secret: str | None = None
    withings_base_url: str = "https://wbsapi.withings.net"
    withings_auth_url: str = "https://account.withings.com"
    garmin_client_id: str | None = None
    garmin_client_secret: str | None = None
    garmin_base_url: str = "https://apis.garmin.com"
    garmin_auth_url: str = "https://connect.garmin.com"
    garmin_token_url: str = "https://diauth.garmin.com/di-oauth2-service/oauth/token"
    fitbit_client_id: str | None = None
    fitbit_client_secret: str | None = None  # also the key Fitbit signs notifications with
    fitbit_subscriber_verify_code: str | None = None  # the code Fitbit sends when it checks our subscriber
    fitbit_base_url: str = "https://api.fitbit.com"
    fitbit_auth_url: str = "https://www.fitbit.com"
    # Jobs (issue 20): arq on Redis (`python -m assistant worker`) with REDIS_URL, else in this process.
    job_queue: str = "spotter:jobs"  # the arq queue's name in Redis
    job_max_tries: int = Field(default=3, ge=1, le=20)  # tries of a job before it ends failed
    job_retry_base_s: float = Field(default=2.0, ge=0)  # backoff: this, then twice as long each try
    job_timeout_s: int = Field(default=1800, ge=1)  # one try's longest run (arq cancels it then)
    max_import_bytes: int = Field(default=16_777_216, ge=1024)  # an uploaded export (POST /import)

    # Live events and delta sync (issue 20): sockets, resume, CORS.
    cors_origins: str = ""  # origins a browser may call the API from, comma-separated ("*": any); none by default
    events_heartbeat_s: float = Field(default=20.0, gt=0)  # a {"type": "ping"} on an idle event socket this often
    events_queue_size: int = Field(default=256, ge=1)  # messages waiting for one socket; past it: closed (4503)
    events_send_timeout_s: float = Field(default=10.0, gt=0)  # one message not taken by the client in this long: closed
    events_auth_timeout_s: float = Field(default=10.0, gt=0)  # the first (auth) message must come within this
    events_kept: int = Field(default=1000, ge=1)  # the last events of each lifter kept for resume (last_event_id)
    events_kept_s: int = Field(default=86_400, ge=60)  # on Redis: kept events expire this long after a lifter's last
    sync_lag_s: float = Field(default=10.0, ge=0)  # GET /sync reads again changes this recent (commits in flight)

    # Outgoing webhooks (issue 20): each event a delivery job, signed, retried with backoff, logged.
    webhook_timeout_s: float = Field(default=10.0, gt=0)  # one POST to a receiver (connect, send, answer)
    webhook_max_tries: int = Field(default=8, ge=1, le=20)  # tries of one delivery before it ends failed
    webhook_retry_base_s: float = Field(default=10.0, ge=0)  # backoff: this, twice as long each try (5 min at most)
    webhook_disable_after: int = Field(default=50, ge=1)  # failed tries in a row that disable a webhook
    webhook_secret_grace_hours: float = Field(default=24.0, ge=0)  # a rotated-out secret still signs this long
    webhook_log_days: int = Field(default=30, ge=1)  # delivery log rows are kept this long
    max_webhooks: int = Field(default=20, ge=1, le=1000)  # webhooks one account may have
    webhook_allow_private: bool = False  # deliver to loopback and private addresses too (development, tests)

    # Web push and reminders (issue 20): the VAPID key from VAPID_PRIVATE_KEY, else derived from the
    # token secret (JWT_SECRET, or the one made under ./var/); reminders by push, email or SMS (Twilio).
    vapid_private_key: str = ""  # a PEM, or the raw 32-byte key base64url (as web-push tools print it)
    vapid_subject: str = ""  # the push services' contact: mailto: or https: (else MAIL_FROM or PUBLIC_BASE_URL)
    push_timeout_s: float = Field(default=10.0, gt=0)  # one POST to a push service
    push_max_tries: int = Field(default=5, ge=1, le=20)  # tries of one notification (429, 5xx, no answer)
    push_allow_private: bool = False  # http and loopback push endpoints too (development, tests)
    reminder_check_s: float = Field(default=30.0, gt=0)  # without Redis: how often due reminders are looked for
    twilio_account_sid: str | None = None  # SMS reminders: with TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER
    twilio_from_number: str | None = None
    twilio_api_url: str = "https://api.twilio.com"  # tests point it at a loopback fake

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    # Accounts (issue 23): mail (off unless SMTP_HOST is set), two-factor sign-in, sessions.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_timeout_s: float = Field(default=10.0, gt=0)
    smtp_ca_file: str | None = None  # PEM file of certificates to trust for the SMTP server (else the system's)
    mail_from: str | None = None  # the From address of account mails; needed with SMTP_HOST
    mail_rate_limit: str = "5/hour"  # account mails (verification, reset) per address
    email_verify_ttl_hours: int = Field(default=48, ge=1)
    password_reset_ttl_minutes: int = Field(default=60, ge=5)
    encryption_key: str = ""  # TOTP secrets at rest: a Fernet key derived from this, or from JWT_SECRET when empty
    two_factor_failure_limit: str = "5/15minutes"  # wrong codes per account (sign-in, enable, disable)
    two_factor_challenge_ttl_s: int = Field(default=300, ge=30, le=3600)  # password given, code awaited
    reauth_window_s: int = Field(default=300, ge=30, le=3600)  # a sign-in this recent proves a password-less account
    session_revocation_poll_s: float = Field(default=2.0, gt=0)  # how soon other replicas refuse a revoked session

    # Sign in with Google or Apple (OpenID Connect, channels/signin): on when the provider's client id
    # and secret are set. The discovery URL is where everything else is read from (tests: a loopback fake).
    google_client_id: str | None = None
    google_client_secret: str | None = None
    google_discovery_url: str = "https://accounts.google.com/.well-known/openid-configuration"
    apple_client_id: str | None = None  # the Services ID
    apple_client_secret: str | None = None  # a client secret JWT made elsewhere; or the three below make one
    apple_team_id: str | None = None
    apple_key_id: str | None = None
    apple_private_key: str | None = None  # the .p8 key's PEM text: client secrets are signed with it (ES256)
    apple_discovery_url: str = "https://appleid.apple.com/.well-known/openid-configuration"
    sign_in_ttl_s: int = Field(default=600, ge=60, le=3600)  # from the start of a sign-in to its callback
    sign_in_http_timeout_s: float = Field(default=10.0, gt=0)  # one call to the provider
    # Media (issue 24): progress photos and form-check videos. Files live under MEDIA_DIR, or in an
    # S3-compatible bucket when MEDIA_S3_BUCKET is set (MEDIA_S3_ENDPOINT_URL for MinIO, R2, moto, ...).
    media_dir: str = "./var/media"
    media_max_bytes: int = Field(default=67_108_864, ge=1024)  # one upload (POST /media), before processing
    media_quota_bytes: int = Field(default=1_073_741_824, ge=0)  # all of one lifter's stored files
    media_max_video_s: float = Field(default=60.0, gt=0)  # a form-check video's length
    media_max_pixels: int = Field(default=40_000_000, ge=1, le=89_000_000)  # a photo's width x height
    media_max_side: int = Field(default=4096, ge=0)  # photos are scaled down to this longest side (0: kept)
    media_url_ttl_s: int = Field(default=300, ge=10, le=86_400)  # how long a signed file URL works
    media_workers: int = Field(default=2, ge=1)  # uploads decoded at once (each in a thread)
    media_s3_bucket: str | None = None
    media_s3_endpoint_url: str | None = None  # None: AWS; else any S3-compatible server (path-style)
    media_s3_region: str = "us-east-1"
    media_s3_access_key_id: str | None = None  # None: boto3's own chain (environment, profile, role)
    media_s3_secret_access_key: str | None = None
    media_s3_prefix: str = ""  # keys start with this (e.g. "spotter/")
    media_s3_timeout_s: float = Field(default=10.0, gt=0)  # connecting to and each read from the bucket

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host)

    @model_validator(mode="after")
    def _mail_has_what_it_needs(self) -> Settings:
        if self.smtp_host and not (self.mail_from and self.public_base_url):
            # The links in mails lead to PUBLIC_BASE_URL, never to the Host a request names (a forged
            # Host would send a victim's reset link to its own server).
            raise ValueError("SMTP_HOST needs MAIL_FROM and PUBLIC_BASE_URL (the links in mails lead there)")
        return self

    @model_validator(mode="after")
    def _a_real_secret(self) -> Settings:
        if not self.jwt_secret and self.env == "development":
            self.jwt_secret = load_or_create_secret(self.jwt_secret_file)
        if len(self.jwt_secret) < 32:
            raise ValueError(f"JWT_SECRET must be a random value of 32+ characters when ENV={self.env}")
        return self
