"""A WeasyPrint URL fetcher that serves only data: URIs and the project's own report assets.

A report embeds text from designs, user knowledge and rules. Everything is escaped, but the fetcher
is the second wall: even a resource reference that slipped through cannot read a local file or
reach the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from decide.paths import reports_dir


class BlockedURL(ValueError):
    """A resource outside data: URIs and the packaged report assets was requested."""


class SafeFetcher(URLFetcher):
    """Serve data: URIs and files under the reports folder; refuse everything else."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = (root or reports_dir()).resolve()
        self.requested: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the resource, or raise BlockedURL (WeasyPrint then skips it with a warning)."""
        self.requested.append(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._asset(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise BlockedURL(f"refused to fetch {url[:80]!r}: reports load only their own assets")

    def _asset(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise BlockedURL(f"refused to fetch {url[:80]!r}: remote file URL")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise BlockedURL(f"refused to fetch {url[:80]!r}: not a packaged report asset")
        return path
