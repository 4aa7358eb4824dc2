from cargo_buildlint.cli import run

run()
