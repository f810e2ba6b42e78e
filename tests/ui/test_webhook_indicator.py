"""The status-bar indicator inside a running app: removing the registration, its failure, the port warning."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from tests.support.qt import ORG, TOKEN, Demo, make_demo, run, wait_for_list
from tpsdesk.httpapi.client import TPStreamsClient
from tpsdesk.services.webhook_service import WebhookService
from tpsdesk.status.store import StatusStore
from tpsdesk.ui.webhook_indicator import WebhookIndicator


@pytest.fixture
def demo(qtbot: QtBot, qloop: asyncio.AbstractEventLoop) -> Iterator[Demo]:
    yield from make_demo(qtbot, lifecycle=False)


def indicator_of(demo: Demo) -> WebhookIndicator:
    found = demo.session.window.findChild(WebhookIndicator)
    assert isinstance(found, WebhookIndicator)
    return found


def registered(demo: Demo) -> WebhookIndicator:
    wait_for_list(demo)
    demo.run(demo.session.start_webhooks())
    indicator = indicator_of(demo)
    assert demo.session.webhooks.registration is not None
    demo.qtbot.waitUntil(lambda: "received" in indicator.text())
    assert indicator.remove_action.isEnabled()
    return indicator


def server_hooks(demo: Demo) -> list[str]:
    return [h.url for h in demo.run(demo.session.client.list_webhooks())]


def deletes(demo: Demo) -> int:
    return sum(1 for r in demo.sim.requests if r.method == "DELETE" and "webhooks" in r.path)


def test_remove_from_the_menu_removes_the_registration_on_the_server(demo: Demo) -> None:
    indicator = registered(demo)
    status_bar = demo.session.window.statusBar()
    assert server_hooks(demo) == [demo.session.webhooks.receiver.local_url]

    indicator.remove_action.trigger()
    demo.qtbot.waitUntil(lambda: demo.session.webhooks.registration is None)
    assert server_hooks(demo) == [] and deletes(demo) == 1
    demo.qtbot.waitUntil(lambda: "not registered" in indicator.text())
    assert not indicator.remove_action.isEnabled() and indicator.problem_text == ""
    assert "registration removed" in status_bar.currentMessage()
    assert not demo.session.webhooks.receiver.has_secret  # nothing is accepted any more


def test_a_failed_removal_is_shown_in_plain_words_and_can_be_retried(
        demo: Demo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    indicator = registered(demo)
    webhooks = demo.session.webhooks
    status_bar = demo.session.window.statusBar()
    demo.sim.fault_next(method="DELETE", path_contains="webhooks", status=502)

    indicator.remove_action.trigger()
    demo.qtbot.waitUntil(lambda: webhooks.last_problem is not None)
    # Shown where the user looks: the status bar, the indicator's text and its tooltip.
    assert status_bar.currentMessage().startswith("Webhook removal failed: ")
    assert "502" in status_bar.currentMessage() or "Bad Gateway" in status_bar.currentMessage()
    assert "Traceback" not in status_bar.currentMessage() and "<html" not in status_bar.currentMessage()
    demo.qtbot.waitUntil(lambda: "webhook removal failed" in indicator.text())
    assert indicator.problem_text in indicator.toolTip() and indicator.problem_text.startswith("Webhook removal")
    # Nothing changed: still registered (on the server too), and the action can be tried again.
    assert webhooks.registration is not None and len(server_hooks(demo)) == 1
    assert indicator.remove_action.isEnabled() and not webhooks.removing
    # The failure was handled by the service, not left to die in an orphan task.
    assert "never retrieved" not in caplog.text and "task remove webhook failed" not in caplog.text

    indicator.remove_action.trigger()
    demo.qtbot.waitUntil(lambda: webhooks.registration is None)
    demo.qtbot.waitUntil(lambda: "not registered" in indicator.text())
    assert indicator.problem_text == "" and "failed" not in indicator.text() and server_hooks(demo) == []


def test_a_removal_in_flight_is_cancelled_on_close(demo: Demo) -> None:
    indicator = registered(demo)
    webhooks = demo.session.webhooks
    demo.sim.fault_next(method="DELETE", path_contains="webhooks", status=204, body=b"", delay_s=5.0)
    indicator.remove_action.trigger()
    task = webhooks.remove_registration()  # the one already running, not a second
    assert task is not None and webhooks.removing and not indicator.remove_action.isEnabled()
    demo.qtbot.waitUntil(lambda: deletes(demo) == 1)
    demo.run(webhooks.aclose(), timeout_ms=3000)
    assert task.cancelled() and deletes(demo) == 1


def test_a_public_url_on_a_random_port_is_warned_about(demo: Demo, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    assert demo.session.config.webhook_port == 0
    wait_for_list(demo)  # (its "Loaded N streams." would cover the message)
    demo.run(demo.session.start_webhooks("https://tunnel.example"))
    webhooks, indicator = demo.session.webhooks, indicator_of(demo)
    port = webhooks.receiver.port
    assert webhooks.registration is not None  # it still registers: it works until the next start
    assert webhooks.warning is not None and "--webhook-port" in webhooks.warning and str(port) in webhooks.warning
    assert "without --webhook-port" in demo.session.window.statusBar().currentMessage()
    demo.qtbot.waitUntil(lambda: "random port" in indicator.text())
    assert webhooks.warning in indicator.toolTip()
    assert any(r.levelno == logging.WARNING and "--webhook-port" in r.getMessage() for r in caplog.records)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_no_warning_with_a_fixed_port_or_without_a_public_url(qtbot: QtBot, qloop: asyncio.AbstractEventLoop
                                                              ) -> None:
    demo_iter = make_demo(qtbot, lifecycle=False, stream_count=3)
    demo = next(demo_iter)
    try:
        client = TPStreamsClient(demo.sim.base_url, ORG, TOKEN)
        fixed = WebhookService(client, StatusStore())
        run(qtbot, fixed.start("127.0.0.1", free_port()))
        run(qtbot, fixed.register("https://tunnel.example"))
        loopback = WebhookService(client, StatusStore())
        run(qtbot, loopback.start("127.0.0.1", 0))
        run(qtbot, loopback.register())  # the loopback address itself: the port is in the URL
        assert fixed.warning is None and loopback.warning is None
        for service in (fixed, loopback):
            run(qtbot, service.aclose())
        run(qtbot, client.aclose())
    finally:
        for _ in demo_iter:
            pass


def test_a_receiver_that_failed_to_start_says_so_and_why_until_it_works(demo: Demo) -> None:
    wait_for_list(demo)
    indicator = indicator_of(demo)
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    taken = blocker.getsockname()[1]
    session = demo.session
    session.config = replace(session.config, webhook_port=taken, webhooks=True)
    demo.run(session.start_webhooks())
    demo.qtbot.waitUntil(lambda: "not started" in indicator.text())
    assert "off" not in indicator.text()
    assert f"127.0.0.1:{taken}" in indicator.toolTip() and "in use" in indicator.toolTip().lower()
    assert "not started" in indicator.problem_text and indicator.start_again_action.isVisible()
    blocker.close()  # the user frees the port, then tries again from the menu
    indicator.start_again_action.trigger()
    demo.qtbot.waitUntil(lambda: session.webhooks.listening, timeout=5000)
    demo.qtbot.waitUntil(lambda: "not started" not in indicator.text())
    assert not indicator.start_again_action.isVisible() and indicator.problem_text == ""


def test_an_address_that_is_not_this_machines_is_shown_as_a_failure(qtbot: QtBot, qloop: asyncio.AbstractEventLoop
                                                                     ) -> None:
    service = WebhookService(TPStreamsClient("http://127.0.0.1:9", ORG, TOKEN), StatusStore())
    with pytest.raises(OSError):
        run(qtbot, service.start("192.0.2.77", 0))  # TEST-NET-1: never an address of this machine
    assert service.start_problem is not None and "192.0.2.77" in service.start_problem
    run(qtbot, service.aclose())
    run(qtbot, service._client.aclose())
