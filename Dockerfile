# The portal's image: web (gunicorn), worker and beat run from it with the Procfile's commands.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=False
RUN apt-get update && apt-get install -y --no-install-recommends \
      gettext postgresql-client fonts-hosny-amiri fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r requirements.lock
COPY --from=assets /app/node_modules ./node_modules
COPY . .
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0
RUN useradd --system --uid 1000 pesnet && mkdir -p /data/media /data/private /backups /static \
    && chown -R pesnet /data /backups /static
USER pesnet
EXPOSE 8000
