# Sluice developer entry points. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CONFIG ?= Release
RESULTS := TestResults
PUBLISH_DIR ?= publish
DOTNET := DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet
TEST_PROJECTS := $(words $(wildcard tests/*/*.csproj))
UNIT_TESTS := tests/Entities.Tests tests/Kubernetes.Tests tests/Controllers.Tests tests/Operator.Tests tests/EngineSidecar.Tests tests/Bench.Tests

.PHONY: help provision build format-check test test-unit test-e2e slo-demo operator-bench test-gpu crds crds-check helm-check docker-check run bench publish release clean

help: ## List the targets with one line each
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## Restore and build the whole solution (warnings are errors)
	$(DOTNET) build Operator.sln -c $(CONFIG) -nologo -clp:ErrorsOnly

format-check: ## Fail when `dotnet format` would change any file
	$(DOTNET) format Operator.sln --verify-no-changes --no-restore

provision: ## Provision the test control plane (etcd, kube-apiserver, kube-controller-manager) and helm into ~/.cache/sluice (idempotent)
	tools/control-plane/provision.sh >/dev/null
	tools/helm/provision.sh >/dev/null

test: provision build format-check crds-check helm-check ## Everything CI runs: build, format, CRD drift, helm lint, all tests, summary line
	rm -rf $(RESULTS)
	# -m:1: one test project at a time; the control-plane and engine-process suites contend for 2 cores and ports otherwise.
	$(DOTNET) test Operator.sln -c $(CONFIG) --no-build -m:1 --results-directory $(RESULTS) -- RunConfiguration.TreatNoTestsAsError=true || true
	tools/test-summary.sh $(RESULTS) $(TEST_PROJECTS)

test-unit: build ## Unit tests only (no child processes, no control plane)
	rm -rf $(RESULTS)
	for p in $(UNIT_TESTS); do SLUICE_SKIP_CONTROL_PLANE=1 $(DOTNET) test $$p -c $(CONFIG) --no-build --results-directory $(RESULTS) || true; done
	tools/test-summary.sh $(RESULTS) $(words $(UNIT_TESTS))

test-e2e: provision build ## End-to-end tests: helm install into the real test control plane, operator, engine processes
	rm -rf $(RESULTS)
	$(DOTNET) test tests/E2E -c $(CONFIG) --no-build --results-directory $(RESULTS) || true
	tools/test-summary.sh $(RESULTS)

slo-demo: provision ## Record the SLO-control run plotted in docs/slo-control.md (about 4 min): docs/img/slo-run.{svg,csv,json}
	$(DOTNET) build tests/E2E -c $(CONFIG) -nologo -clp:ErrorsOnly
	SLUICE_SLO_DEMO_DIR=$(CURDIR)/docs/img $(DOTNET) test tests/E2E -c $(CONFIG) --no-build --filter "FullyQualifiedName~SloDemo" --logger "console;verbosity=detailed"

operator-bench: provision ## Operator at 200 LLMDeployments on the test control plane, 2 and 8 workers (about 8 min): bench/results/operator-<date>/
	$(DOTNET) build tests/E2E -c $(CONFIG) -nologo -clp:ErrorsOnly
	for w in 2 8; do SLUICE_OPERATOR_BENCH_WORKERS=$$w SLUICE_OPERATOR_BENCH_DIR=$(CURDIR)/bench/results/operator-$$(date -u +%Y-%m-%d) \
	  $(DOTNET) test tests/E2E -c $(CONFIG) --no-build --filter "FullyQualifiedName~OperatorBench"; done

test-gpu: ## CUDA backend tests on a GPU machine (kernels vs CPU twins, golden models); skipped without a GPU
	rm -rf $(RESULTS)
	$(DOTNET) test tests/EngineSidecar.Tests -c $(CONFIG) --filter "FullyQualifiedName~Sluice.Engine.Tests.Cuda" --results-directory $(RESULTS)
	@echo "GPU machine without the .NET SDK: bench/gpu/run.sh prepare here, then DIR/run.sh device OUT there (STEPS=selftest)"

crds: ## Regenerate config/crds (and the chart's copy) from the entity types
	$(DOTNET) run --project src/Operator -c $(CONFIG) -- crds --output-dir $(CURDIR)/config/crds $(CURDIR)/charts/sluice/crds

helm-check: ## helm lint + helm template of charts/sluice (helm provisioned by tools/helm/provision.sh)
	tools/helm/check.sh

crds-check: build ## Fail when config/crds or charts/sluice/crds differ from the entity types
	$(DOTNET) src/Operator/bin/$(CONFIG)/net10.0/sluice-operator.dll crds --check --output-dir config/crds charts/sluice/crds

run: ## Serve the built-in demo model (models/demo) on the CPU backend at http://127.0.0.1:8000
	$(DOTNET) run --project src/EngineSidecar -c $(CONFIG) -- serve --model $(CURDIR)/models/demo

bench: ## Build sluice-bench and print its usage
	$(DOTNET) run --project src/Bench -c $(CONFIG) -- --help

publish: ## Self-contained linux-x64 binaries (the engine trimmed) into ./publish/{engine,bench,operator}
	$(DOTNET) publish src/EngineSidecar -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -o $(PUBLISH_DIR)/engine
	$(DOTNET) publish src/Bench -c Release -r linux-x64 --self-contained -o $(PUBLISH_DIR)/bench
	$(DOTNET) publish src/Operator -c Release -r linux-x64 --self-contained -o $(PUBLISH_DIR)/operator

docker-check: ## Run both Dockerfiles' build stages without a container runtime (tools/docker/check-build-stage.sh)
	tools/docker/check-build-stage.sh deploy/operator.Dockerfile
	tools/docker/check-build-stage.sh deploy/engine.Dockerfile

release: ## make release VERSION=x.y.z: chart .tgz, CRD bundle, linux-x64/arm64 binaries, SHA256SUMS into artifacts/release/x.y.z
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 1; }
	tools/release/release.sh $(VERSION)

clean: ## Remove build outputs and test results
	rm -rf $(RESULTS) $(PUBLISH_DIR) src/*/bin src/*/obj tests/*/bin tests/*/obj
