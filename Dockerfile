# tgstream: one image for every role (ROLE=all | stream | ui).
#   docker build -t tgstream .
#   docker run -p 8080:8080 -v "$PWD/library:/app/library" tgstream
# Sized for a 512 MB host (Render free web service): the JVM flags live in conf/jvm-512m.options, the one place
# they are written down (bench/Bench.java reads the same file, so the benchmark measures what ships).

# ---- build: the fat jar app/target/tgstream.jar -------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package -DskipTests && test -s app/target/tgstream.jar

# ---- runtime: JRE only, non-root ----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 tgstream \
 && useradd --system --uid 10001 --gid tgstream --home-dir /app --no-create-home --shell /usr/sbin/nologin tgstream \
 && mkdir -p /app/data /app/library \
 && chown tgstream:tgstream /app/data /app/library
WORKDIR /app
COPY --from=build /src/app/target/tgstream.jar /app/tgstream.jar
COPY --from=build /src/conf/ /app/conf/

# MALLOC_ARENA_MAX=2: fewer glibc malloc arenas, far less native memory in a small container.
# JAVA_OPTS: @/app/conf/jvm-512m.options expands to
#   -XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:MaxDirectMemorySize=144m -Xss512k -XX:MaxMetaspaceSize=96m
#   -XX:ReservedCodeCacheSize=48m
#   -XX:+ExitOnOutOfMemoryError
# (append your own flags to JAVA_OPTS, or replace it).
ENV MALLOC_ARENA_MAX=2 \
    JAVA_OPTS="@/app/conf/jvm-512m.options" \
    PORT=8080 \
    ROLE=all \
    DATA_DIR=/app/data \
    LIBRARY_DIR=/app/library

USER tgstream
EXPOSE 8080
# No HEALTHCHECK: the platform probes /health/ready (render.yaml healthCheckPath).
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar /app/tgstream.jar"]
