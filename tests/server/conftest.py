"""Fixtures for the server tests: real `micrograd-sandbox serve` processes on loopback ports, real websocket tabs."""

import pytest

from benchmarks.classroom_load import ServerProcess, Tab, register_panel_models


@pytest.fixture(scope="session", autouse=True)
def panel_models():
    register_panel_models()  # the tabs decode the IDE's Bokeh documents


@pytest.fixture
def start_server():
    """start_server(*serve_args) -> a started ServerProcess; all are stopped at the end of the test."""
    started = []

    def start(*args, **kwargs):
        server = ServerProcess(*args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def open_tab():
    """open_tab(url) -> a Tab; all are closed at the end of the test."""
    tabs = []

    def open_(url):
        tab = Tab(url)
        tabs.append(tab)
        return tab

    yield open_
    for tab in tabs:
        tab.close()
