"""The ``newsflow`` command: ``run`` the pipeline once, or ``serve`` it on a schedule."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

EXIT_FAILED = 1
EXIT_BUSY = 3  # another run holds the output folder


def _at_least(minimum: float, kind: type = int):
    """An argparse type: a number of ``kind`` no smaller than ``minimum``, or a usage error naming it."""
    def parse(value: str):
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'a whole' if kind is int else 'a'} number, got {value!r}") from None
        if not math.isfinite(number):  # float() parses "inf" and "nan"
            raise argparse.ArgumentTypeError(f"must be a finite number, got {value}")
        if number < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}, got {value}")
        return number
    return parse


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw", default="data/raw", help="folder of raw articles (default: data/raw)")
    parser.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    parser.add_argument("--batch-size", type=_at_least(1), default=64, help="files per committed batch (default: 64)")
    parser.add_argument("--chunk-size", type=_at_least(1), default=64, help="records per parallel work unit (default: 64)")
    parser.add_argument("--workers", type=_at_least(0), default=None,
                        help="worker processes for the CPU stages (default: one per CPU; 0 = in the flow process)")
    parser.add_argument("--wait", type=_at_least(0, float), default=0.0,
                        help="seconds to wait for a run already writing to --out (default: 0, stop at once)")


def _unusable_folder(args: argparse.Namespace) -> str | None:
    """What is wrong with --raw or --out, before Prefect starts: a folder that is a file gave
    "does not exist" or a Prefect traceback ending in "File exists"."""
    raw, out = Path(args.raw), Path(args.out)
    if raw.is_file():
        return f"--raw {args.raw!r} is a file; give the folder that holds the articles"
    if not raw.is_dir():
        return f"--raw: raw folder {args.raw!r} does not exist"
    if out.exists() and not out.is_dir():
        return f"--out {args.out!r} is a file; give a folder for the tables (it is created if missing)"
    return None


def _parameters(args: argparse.Namespace) -> dict:
    return {
        "raw_dir": str(Path(args.raw).resolve()),
        "out_dir": str(Path(args.out).resolve()),
        "batch_size": args.batch_size,
        "chunk_size": args.chunk_size,
        "workers_count": args.workers,
        "wait_seconds": args.wait,
    }


def command_run(args: argparse.Namespace) -> int:
    from flows.pipeline import news_pipeline
    from flows.report import summary_text

    try:
        summary = news_pipeline(**_parameters(args))
    except Exception as error:
        print(f"newsflow: run failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(summary))
    return EXIT_BUSY if summary.get("skipped") else 0


def command_serve(args: argparse.Namespace) -> int:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.pipeline import FLOW_NAME, news_pipeline
    from flows.server import ServerError, configured_api_url, local_server

    schedule = {"cron": args.cron} if args.cron else {"interval": args.interval}

    def serve(api_url: str) -> None:
        os.environ["PREFECT_API_URL"] = api_url  # for the flow-run subprocesses the runner starts
        ui = api_url[: -len("/api")] if api_url.endswith("/api") else api_url
        print(f"Prefect UI: {ui}", flush=True)
        print(f"trigger a run: PREFECT_API_URL={api_url} prefect deployment run '{FLOW_NAME}/{args.name}'", flush=True)
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            news_pipeline.serve(name=args.name, parameters=_parameters(args), **schedule)

    existing = configured_api_url()
    if existing:
        serve(existing)
        return 0
    try:
        with local_server(args.port, Path(args.out) / "_newsflow" / "prefect-server.log") as api_url:
            serve(api_url)
    except ServerError as error:
        print(f"newsflow: {error}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    # Prefect gives its temporary server 20 s to answer, which a busy 2-core machine can miss
    # (seen once in CI while another server started beside it); a user's own setting still wins.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    # The temporary server's telemetry call logs an ERROR on every run of a machine without
    # internet access (like this project's build machines and many users' servers).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = argparse.ArgumentParser(prog="newsflow", description="Raw news articles to analysis-ready Parquet.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the pipeline once and print a summary")
    _common(run)
    run.set_defaults(handler=command_run, parser=run)
    serve = commands.add_parser("serve", help="serve the pipeline as a scheduled Prefect deployment")
    _common(serve)
    when = serve.add_mutually_exclusive_group()
    when.add_argument("--cron", help='cron schedule, e.g. "*/15 * * * *"')
    when.add_argument("--interval", type=_at_least(1, float), default=900, help="seconds between runs (default: 900)")
    serve.add_argument("--name", default="scheduled", help="deployment name (default: scheduled)")
    serve.add_argument("--port", type=int, default=4200,
                       help="port of the local Prefect server started when PREFECT_API_URL is unset (default: 4200)")
    serve.set_defaults(handler=command_serve, parser=serve)
    args = parser.parse_args(argv)
    problem = _unusable_folder(args)
    if problem:
        args.parser.error(problem)  # a usage error: exit code 2, nothing ran
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
