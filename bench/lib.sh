# Shared preamble of the bench scripts (sourced): from the project root, set-up, a release
# build, $B the binary, $D the shared datasets, $W a scratch folder removed on exit.
# A dirty src/ is reported: the figures would belong to no commit.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null)" ]; then
  echo "warning: uncommitted changes in src/: these figures belong to no commit" >&2
fi
D=../shared/datasets
bash scripts/setup.sh >/dev/null
cargo build --release --locked -q
B=$PWD/target/release/benchsmith
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
