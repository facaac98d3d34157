# syntax=docker/dockerfile:1
# sluice-operator: self-contained linux-x64 build on a minimal non-root runtime.
# Build from the repository root (README.md, "Images"):
#   docker build -f deploy/operator.Dockerfile --build-arg VERSION=0.1.0 -t REGISTRY/sluice-operator:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ARG VERSION=
COPY VERSION .editorconfig Directory.Build.props Directory.Packages.props Operator.sln ./
COPY src/Bench.Core/Bench.Core.csproj src/Bench.Core/
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/Entities/Entities.csproj src/Entities/
COPY src/Kubernetes/Kubernetes.csproj src/Kubernetes/
COPY src/Controllers/Controllers.csproj src/Controllers/
COPY src/Operator/Operator.csproj src/Operator/
RUN dotnet restore src/Operator/Operator.csproj -r linux-x64
COPY src/Bench.Core/ src/Bench.Core/
COPY src/Contracts/ src/Contracts/
COPY src/Entities/ src/Entities/
COPY src/Kubernetes/ src/Kubernetes/
COPY src/Controllers/ src/Controllers/
COPY src/Operator/ src/Operator/
# Not trimmed: configuration binding and CRD generation reflect over the entity and option types.
# VERSION (e.g. --build-arg VERSION=0.2.0) overrides the repository's VERSION file for the binary's --version.
RUN dotnet publish src/Operator/Operator.csproj -c Release -r linux-x64 --self-contained --no-restore -o /out \
      ${VERSION:+-p:Version=$VERSION -p:IncludeSourceRevisionInInformationalVersion=false}

# runtime-deps: glibc, libstdc++, ca-certificates, no SDK or shell tooling beyond the base image.
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /out/ ./
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    DOTNET_gcServer=0
# The chart runs it as 65532 with a read-only root filesystem (only /tmp is writable).
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/app/sluice-operator"]
CMD ["run"]
