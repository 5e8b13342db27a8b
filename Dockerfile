# tgstream: one image for every role (ROLE=all | ui | stream).
#   docker build -t tgstream .
#   docker run -p 8080:8080 -v "$PWD/library:/app/library" tgstream
#   docker run --rm tgstream hash-password 'a long password'      (any CLI subcommand of the jar)
# Sized for a 512 MB host (Render free web service): the JVM flags live in conf/jvm-512m.options, the one place
# they are written down (bench/Bench.java reads the same file, so the benchmark measures what ships).
# Checked here by scripts/container-check.sh (podman, a real 512 MB limit).

# The TDLib JSON library (libtdjson.so), from npm, pinned: version and the library's sha256 (npm itself checks the
# tarball against the registry's sha512 integrity).
ARG TDLIB_NPM_PACKAGE=@prebuilt-tdlib/linux-x64-glibc
ARG TDLIB_NPM_VERSION=0.1008067.0
ARG TDLIB_SHA256=47ad24192a3c84d0be783c7c07adb14af0d2f3f53b5830d4660f58c51f298197

# ---- tdlib: fetch libtdjson.so with npm ----------------------------------------------------------------------
FROM node:18-bookworm-slim AS tdlib
ARG TDLIB_NPM_PACKAGE
ARG TDLIB_NPM_VERSION
ARG TDLIB_SHA256
WORKDIR /tdlib
RUN npm pack --silent "${TDLIB_NPM_PACKAGE}@${TDLIB_NPM_VERSION}" >/dev/null \
 && tar -xzf ./*.tgz package/libtdjson.so \
 && echo "${TDLIB_SHA256}  package/libtdjson.so" | sha256sum -c - \
 && mv package/libtdjson.so /tdlib/libtdjson.so \
 && rm -rf package ./*.tgz

# ---- build: the fat jar app/target/tgstream.jar -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -Dtdlib.skip=true: the build's own npm fetch of libtdjson (for tests on a developer machine) is not needed here;
# the runtime gets the library from the tdlib stage.
RUN mvn -B -q package -DskipTests -Dtdlib.skip=true && test -s app/target/tgstream.jar

# ---- runtime: JRE only, non-root ----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tgstream \
 && useradd --system --uid 10001 --gid tgstream --home-dir /app --no-create-home --shell /usr/sbin/nologin tgstream \
 && mkdir -p /app/data /app/library /opt/tdlib \
 && chown tgstream:tgstream /app/data /app/library
WORKDIR /app
COPY --from=tdlib /tdlib/libtdjson.so /opt/tdlib/libtdjson.so
COPY --from=build /src/app/target/tgstream.jar /app/tgstream.jar
COPY --from=build /src/conf/ /app/conf/
# AppCDS: a training run of the service at build time (`cds-training`: start on throw-away folders under /tmp, the
# readiness probe, a stream from 0 and a seek, stop) writes the classes it loaded into /app/tgstream.jsa; every start
# then maps them instead of loading and verifying them from the jar: a shorter start and a faster first request of a
# service woken from sleep (bench/README.md, `first`). The JVM uses the archive only with the same JVM, the same jar
# path and compatible flags (else it says so and starts without it), so the training runs exactly as the ENTRYPOINT
# does, with the container's 512 MB emulated. The JDK's own base archive is made first if the JRE lacks one.
RUN (java -Xshare:on -version >/dev/null 2>&1 || java -Xshare:dump >/dev/null) \
 && java @/app/conf/jvm-512m.options -XX:MaxRAM=512m -XX:ArchiveClassesAtExit=/app/tgstream.jsa -Xlog:cds=error \
      -jar /app/tgstream.jar cds-training \
 && test -s /app/tgstream.jsa

# MALLOC_ARENA_MAX=2: fewer glibc malloc arenas, far less native memory in a small container.
# JAVA_OPTS: @/app/conf/jvm-512m.options expands to
#   -XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:MaxDirectMemorySize=144m -Xss512k -XX:MaxMetaspaceSize=96m
#   -XX:ReservedCodeCacheSize=48m
#   -XX:+ExitOnOutOfMemoryError
# (append your own flags to JAVA_OPTS, or replace it).
# TDLIB_PATH: the TDLib JSON library the Telegram backend loads (JNA).
ENV MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="@/app/conf/jvm-512m.options" \
    TDLIB_PATH=/opt/tdlib/libtdjson.so \
    PORT=8080 \
    ROLE=all \
    DATA_DIR=/app/data \
    LIBRARY_DIR=/app/library

USER tgstream
EXPOSE 8080
# No HEALTHCHECK: the platform probes /health/ready (render.yaml healthCheckPath).
# -XX:SharedArchiveFile: the AppCDS archive made above (flags in JAVA_OPTS that change the heap layout, e.g. a heap
# over 32 GB, make the JVM skip it with a warning).
# `exec` replaces the shell, so java is the container's main process and receives SIGTERM itself (docker stop,
# podman stop, a platform redeploy) and its exit code is the container's. Arguments after the image name replace
# CMD and go to the jar (serve, link, hash-password, ...).
# $(sh /app/conf/cpu-quota-flags.sh): C1 only under a CPU quota below one CPU (Render's free 0.1 CPU), where C2's
# compiler threads slowed start-up by about 4 s; nothing otherwise (the script says what was measured).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $(sh /app/conf/cpu-quota-flags.sh) -XX:SharedArchiveFile=/app/tgstream.jsa -jar /app/tgstream.jar \"$@\"", "tgstream"]
CMD ["serve"]
