"""A TCP proxy on loopback that a test can cut and restore: between the
portal and its PostgreSQL, it stands in for a network that fails."""

import contextlib
import socket
import threading


class FaultyProxy:
    """Forward 127.0.0.1:*port* to *upstream*.

    ``refuse()`` drops every open connection and refuses new ones, as a
    database that is down; ``silence()`` accepts connections and never
    answers, as one that hangs; ``restore()`` forwards again.
    """

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.mode = "up"
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener = None
        self.port = self._listen(0)

    def _listen(self, port: int) -> int:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return listener.getsockname()[1]

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed
            self._track(client)
            if self.mode == "silent":
                continue  # keep it open, say nothing
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                self._close(client)
                continue
            self._track(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if self.mode != "up":
                    break
                sink.sendall(data)
        self._close(source)
        self._close(sink)

    def _track(self, sock):
        with self._lock:
            self._sockets.add(sock)

    def _close(self, sock):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()
        with self._lock:
            self._sockets.discard(sock)

    def _drop_all(self):
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)

    def refuse(self):
        self.mode = "down"
        with contextlib.suppress(OSError):
            self._listener.close()
        self._drop_all()

    def silence(self):
        self.mode = "silent"
        self._drop_all()
        if self._listener.fileno() == -1:
            self._listen(self.port)

    def restore(self):
        self._drop_all()
        self.mode = "up"
        if self._listener.fileno() == -1:
            self._listen(self.port)

    def close(self):
        self.refuse()
