# ritualbot container: build stage with the -dev packages, runtime stage with shared libraries,
# CA certificates and time zones only. Data lives in the /data volume (SQLite), or in PostgreSQL
# when RITUALBOT_DB is a postgresql:// URL (compose.yaml: two instances on one database).
#   docker build -t ritualbot .
#   docker run -d --name ritualbot -v ritualbot-data:/data \
#     -e SLACK_APP_TOKEN=xapp-... -e SLACK_BOT_TOKEN=xoxb-... ritualbot
# scripts/check-dockerfile.sh replays these steps in debootstrap roots (no Docker engine needed);
# tests/ops/verify_dockerfile_sources.sh checks that the build stage copies every source.

FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends g++ cmake ninja-build libboost1.81-dev libssl-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libpqxx-dev libcairo2-dev pkg-config libhowardhinnant-date-dev ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# What the top-level CMakeLists reads with tests and bench off: cmake/ (the layer rules), then
# every add_subdirectory (the emulator is linked in for `ritualbot sandbox`).
COPY CMakeLists.txt ./
COPY cmake cmake
COPY asio asio
COPY config config
COPY storage storage
COPY commands commands
COPY emulator emulator
COPY bot bot
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRITUALBOT_BUILD_TESTS=OFF && cmake --build build --target ritualbot -j 2 && strip build/bot/ritualbot

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 libsqlite3-0 libpqxx-6.4 libcairo2 libdate-tz3 ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin ritualbot && mkdir -p /data && chown ritualbot:ritualbot /data
COPY --from=build /src/build/bot/ritualbot /usr/local/bin/ritualbot
ENV RITUALBOT_DB=/data/ritualbot.db RITUALBOT_HTTP_ADDR=0.0.0.0:8080
USER ritualbot
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD ["ritualbot", "healthcheck"]
ENTRYPOINT ["ritualbot"]
CMD ["run"]
