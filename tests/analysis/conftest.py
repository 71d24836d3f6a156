"""Fixtures of the analysis tests: a Milvus server, and the service on either vector backend."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def milvus_server(tmp_path_factory):
    from tests.milvus import MilvusServer

    server = MilvusServer(tmp_path_factory.mktemp("milvus") / "data")
    yield server
    server.stop()


@pytest.fixture(params=["faiss", "milvus"])
def vector_backend(request, settings):
    """The service with VECTOR_STORE_URL empty (faiss), then pointing at the Milvus server."""
    from analysis.search.index import index_forget

    settings.VECTOR_STORE_URL = request.getfixturevalue("milvus_server").url() if request.param == "milvus" else ""
    index_forget()
    yield request.param
    index_forget()
