# Builds app/target/drugwatch.jar (the pipeline without the in-process broker) and runs `drugwatch run`
# (see docker-compose.yml). Only core and app are built; demo's pom is there because the parent lists it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY schemas schemas
COPY core/pom.xml core/
COPY core/src core/src
COPY app/pom.xml app/
COPY app/src app/src
COPY demo/pom.xml demo/
RUN mvn -B -q -pl app -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/drugwatch drugwatch && mkdir -p /var/lib/drugwatch \
    && chown drugwatch /var/lib/drugwatch
COPY --from=build /src/app/target/drugwatch.jar /opt/drugwatch/drugwatch.jar
USER drugwatch
ENV KAFKA_STATE_DIR=/var/lib/drugwatch/state
ENTRYPOINT ["java", "-jar", "/opt/drugwatch/drugwatch.jar"]
CMD ["run"]
