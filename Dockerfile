# The app in a container. One command (DEPLOY.md):
#   docker build -t overseas-stations . && docker run --rm -p 8501:8501 overseas-stations
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The CJK faces the exports draw Chinese, Japanese and Korean with (exports/fonts.py): Debian's
# package, as scripts/ensure_system_packages.sh installs it for the tests.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*

# Dependencies first (a layer that changes only with the pins). Every package installs from a
# binary wheel (GDAL, PROJ and GEOS come inside pyogrio, pyproj and shapely): no compiler needed.
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt

# The app and its data, owned by root and read-only to the user that runs it; then the map's atlas
# for that data and its scripts as one file (static/build/, never written at run time: the app
# works the same read-only).
COPY . .
RUN python scripts/build_assets.py
RUN useradd --uid 10001 --create-home --shell /usr/sbin/nologin stations
USER stations

EXPOSE 8501
# /_stcore/health answers "ok" once the server is up. It says the process is alive, not that the
# data is valid: on an invalid edit the app keeps serving the last valid version (DEPLOY.md).
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]

# .streamlit/config.toml (read from /app) sets static serving, the 50 MB upload limit, XSRF on.
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
