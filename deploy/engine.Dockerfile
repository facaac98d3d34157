# syntax=docker/dockerfile:1
# sluice-engine: self-contained, trimmed linux-x64 build on the CUDA 13 runtime (libcublasLt, libnvrtc);
# libcuda.so.1 comes from the node's driver through the NVIDIA container toolkit. Runs on CPU-only
# nodes too (dummy:// models, the CPU backend). The same binary is the model fetch init container
# (`sluice-engine fetch`: hf://, s3://, oci:// into the model cache; docs/model-delivery.md).
# Build from the repository root (README.md, "Images"):
#   docker build -f deploy/engine.Dockerfile --build-arg VERSION=0.1.0 -t REGISTRY/sluice-engine:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
ARG VERSION=
COPY VERSION .editorconfig Directory.Build.props Directory.Packages.props Operator.sln ./
COPY src/Contracts/Contracts.csproj src/Contracts/
COPY src/EngineSidecar/EngineSidecar.csproj src/EngineSidecar/
RUN dotnet restore src/EngineSidecar/EngineSidecar.csproj -r linux-x64 -p:PublishTrimmed=true
COPY src/Contracts/ src/Contracts/
COPY src/EngineSidecar/ src/EngineSidecar/
RUN dotnet publish src/EngineSidecar/EngineSidecar.csproj -c Release -r linux-x64 --self-contained \
      -p:PublishTrimmed=true --no-restore -o /out \
      ${VERSION:+-p:Version=$VERSION -p:IncludeSourceRevisionInInformationalVersion=false}

FROM nvidia/cuda:13.0.0-runtime-ubuntu24.04 AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 sluice && useradd --uid 65532 --gid 65532 --no-create-home --shell /usr/sbin/nologin sluice
WORKDIR /app
COPY --from=build /out/ ./
RUN ln -s /app/sluice-engine /usr/local/bin/sluice-engine
# Kernel cache and scratch go to /tmp (an emptyDir in the pod; the root filesystem is read-only).
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    SLUICE_CACHE_DIR=/tmp/sluice-cache \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER 65532:65532
EXPOSE 8000
# The operator sets the command (sluice-engine serve ...); this default serves the CPU demo model.
ENTRYPOINT ["sluice-engine"]
CMD ["serve", "--host", "0.0.0.0", "--model", "dummy://tiny"]
