"""Headless Chromium driven over the DevTools protocol: load a file URL, collect console errors
and every request the page makes, evaluate an expression, take a screenshot."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
]


@dataclass
class PageReport:
    console_errors: list[str] = field(default_factory=list)
    value: object = None
    screenshot: bytes = b""
    requests: list[str] = field(default_factory=list)  # every URL the page asked for


def chromium() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


async def _session(
    url: str, expression: str, width: int, height: int, port: int, media: str = ""
) -> PageReport:
    report = PageReport()
    async with aiohttp.ClientSession() as http:
        async with http.put(f"http://127.0.0.1:{port}/json/new?about:blank") as response:
            target = json.loads(await response.text())
        async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 10_000))
            pending: dict[int, asyncio.Future] = {}

            async def reader() -> None:
                async for message in ws:
                    data = json.loads(message.data)
                    if "id" in data and data["id"] in pending:
                        pending.pop(data["id"]).set_result(data)
                    elif data.get("method") == "Runtime.consoleAPICalled":
                        if data["params"]["type"] in ("error", "assert"):
                            report.console_errors.append(json.dumps(data["params"]["args"]))
                    elif data.get("method") == "Runtime.exceptionThrown":
                        report.console_errors.append(json.dumps(data["params"]))
                    elif data.get("method") == "Network.requestWillBeSent":
                        report.requests.append(data["params"]["request"]["url"])
                    elif data.get("method") == "Log.entryAdded":
                        entry = data["params"]["entry"]
                        if entry["level"] == "error":
                            report.console_errors.append(f"{entry['source']}: {entry['text']}")

            async def call(method: str, **params) -> dict:
                number = next(ids)
                pending[number] = asyncio.get_running_loop().create_future()
                await ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
                return await asyncio.wait_for(pending[number], 30)

            task = asyncio.create_task(reader())
            await call("Runtime.enable")
            await call("Log.enable")
            await call("Page.enable")
            await call("Network.enable")
            await call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=width < 600,
            )
            if media:  # "print": the page as it prints
                await call("Emulation.setEmulatedMedia", media=media)
            await call("Page.navigate", url=url)
            for _ in range(100):  # wait for the load event (every image decoded or failed)
                state = await call("Runtime.evaluate", expression="document.readyState")
                if state["result"]["result"].get("value") == "complete":
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)
            result = await call("Runtime.evaluate", expression=expression, returnByValue=True)
            report.value = result["result"]["result"].get("value")
            shot = await call("Page.captureScreenshot", format="png", captureBeyondViewport=False)
            report.screenshot = base64.b64decode(shot["result"]["data"])
            task.cancel()
    return report


def open_page(
    url: str, expression: str, width: int = 1280, height: int = 900, media: str = ""
) -> PageReport:
    """Load ``url`` in a fresh headless Chromium (as it prints, with ``media="print"``); return
    console errors, requests, a value, a screenshot."""
    profile = Path(tempfile.mkdtemp(prefix="konwent-chromium-"))
    # its own session: Chromium's helpers (zygote, renderer, GPU, network) share its process
    # group, so the whole browser can be stopped and waited for, not only its main process
    process = subprocess.Popen(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        return asyncio.run(_session(url, expression, width, height, port, media))
    finally:
        _stop_group(process)
        _remove(profile)


def _stop_group(process: subprocess.Popen, grace: float = 10) -> None:
    """Ask the browser to quit, kill what is left of its group, and wait until none of its
    processes runs: only then has the last one stopped writing into the profile."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + grace
    while _group_members(process.pid):
        if time.monotonic() > deadline:
            raise TimeoutError(f"Chromium processes did not end: {_group_members(process.pid)}")
        time.sleep(0.02)


def _group_members(group: int) -> list[int]:
    """Processes of the process group that still run (a zombie waiting to be reaped has ended)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended while we looked
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _remove(profile: Path, attempts: int = 3) -> None:
    """Remove the profile, walking it again should a file appear during a walk (a helper that
    left the group, as crashpad does, may still be closing one)."""
    for attempt in range(attempts):
        try:
            shutil.rmtree(profile)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == attempts - 1:
                raise
