#!/usr/bin/env python3
"""A Clearsight API client using only Python's standard library.

It adds a progress update to an action (safely: it sends the ETag it read, so it never
overwrites someone else's newer change) and uploads an SSDA903 file, then prints what happened to
the upload and the DfE rule issues kept with it.

    export CLEARSIGHT_API_TOKEN=cs_…        # issued by an administrator; see docs/api.md
    python docs/examples/api_client.py --url https://clearsight.example.gov.uk \\
        --plan 1 --action 1.1.1 --commentary "Training delivered to all team managers" \\
        --authority 1 --file episodes.csv --accept-issues

Exit codes: 0 done, 1 the API refused something (its message is printed), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]):
        error = body.get("error", {})
        details = [f"{k}: {' '.join(v)}" for k, v in error.get("fields", {}).items()]
        details += [
            f"{p.get('file')} row {p.get('row')} {p.get('field')}: {p.get('message')}"
            for p in error.get("problems", [])[:20]
        ]
        super().__init__(
            f"{status} {error.get('code', '')}: {error.get('message', body)}"
            + "".join(f"\n  - {d}" for d in details)
        )
        self.status = status


class Clearsight:
    def __init__(self, url: str, token: str):
        self.base = url.rstrip("/") + "/api/v1"
        self.token = token

    def call(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        request = Request(
            self.base + path,
            data=body,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urlopen(request, timeout=600) as response:
                return json.loads(response.read() or b"{}"), dict(response.headers)
        except HTTPError as error:
            payload = error.read()
            try:
                body_json = json.loads(payload)
            except ValueError:
                body_json = {"error": {"message": payload[:200].decode(errors="replace")}}
            raise ApiError(error.code, body_json) from None

    def get(self, path: str) -> tuple[dict[str, Any], dict[str, str]]:
        return self.call("GET", path)

    def post_json(
        self, path: str, data: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[dict[str, Any], dict[str, str]]:
        return self.call(
            "POST", path, json.dumps(data).encode(), {"Content-Type": "application/json", **(headers or {})}
        )

    def post_files(self, path: str, files: list[Path], fields: dict[str, str]) -> dict[str, Any]:
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for file in files:
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{file.name}"\r\n'
                f"Content-Type: {kind}\r\n\r\n".encode()
                + file.read_bytes()
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        body, _ = self.call(
            "POST", path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return body


def add_update(api: Clearsight, plan: int, ref: str, commentary: str, status: str) -> None:
    path = f"/plans/{plan}/actions/{quote(ref, safe='')}/"
    action, headers = api.get(path)
    etag = headers.get("ETag") or headers.get("Etag", "")
    print(f"Action {action['ref']}: {action['status']} (version {action['version']})")
    data: dict[str, Any] = {"commentary": commentary}
    if status:
        data["status"] = status
    created, headers = api.post_json(path + "updates/", data, {"If-Match": etag})
    print(
        f"Added update {created['update']['id']} on {created['update']['on']}; the action is now "
        f"{created['action']['status']}, version {created['action']['version']} (ETag {headers.get('ETag')})"
    )


def upload(api: Clearsight, authority: int, files: list[Path], accept_issues: bool) -> None:
    outcome = api.post_files(
        f"/authorities/{authority}/uploads/", files, {"accept_issues": "true" if accept_issues else "false"}
    )
    for item in outcome["uploads"]:
        detail, _ = api.get(f"/uploads/{item['id']}/")
        print(
            f"Loaded {detail['filename']}: {detail['kind']} {detail['collection_year']}, {detail['rows']} rows, "
            f"{len(detail['issues'])} DfE rule issue(s) kept"
        )
        for issue in detail["issues"][:5]:
            print(
                f"  - row {issue['row']} {issue['table']}.{issue['field']} {issue['rule']}: {issue['message']}"
            )
    for name in outcome["already_loaded"]:
        print(f"Already loaded before: {name}")
    for line in outcome["not_validated"]:
        print(f"Not checked against DfE rules: {line}")
    print(f"Indicators recomputed: {outcome['indicator_results']} figures.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", required=True, help="Clearsight's address, e.g. https://clearsight.example.gov.uk"
    )
    parser.add_argument(
        "--token",
        default=os.environ.get("CLEARSIGHT_API_TOKEN", ""),
        help="An API token (default: $CLEARSIGHT_API_TOKEN).",
    )
    parser.add_argument("--plan", type=int, help="The plan's id.")
    parser.add_argument("--action", help="The action's ref, e.g. 1.1.1.")
    parser.add_argument("--commentary", default="", help="The progress update.")
    parser.add_argument("--status", default="", help="A new status, e.g. in_progress or completed.")
    parser.add_argument("--authority", type=int, help="The authority's id, for the upload.")
    parser.add_argument(
        "--file", type=Path, action="append", default=[], help="An SSDA903 file (repeatable)."
    )
    parser.add_argument("--accept-issues", action="store_true", help="Load files that break DfE rules.")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("give --token or set CLEARSIGHT_API_TOKEN")
    if args.action and not (args.plan and args.commentary):
        parser.error("--action needs --plan and --commentary")
    if args.file and not args.authority:
        parser.error("--file needs --authority")
    missing = [str(f) for f in args.file if not f.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    api = Clearsight(args.url, args.token)
    try:
        me, _ = api.get("/me/")
        print(
            f"Acting as {me['email']} ({', '.join(m['role'] + ' in ' + m['authority_name'] for m in me['memberships'])})"
        )
        if args.action:
            add_update(api, args.plan, args.action, args.commentary, args.status)
        if args.file:
            upload(api, args.authority, args.file, args.accept_issues)
    except ApiError as error:
        print(f"Refused: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
