"""Stub OIDC provider (discovery + JWKS) on 18180 and stub registry/routing on 18081, for measuring portal-api alone."""
import json, sys, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

DIR = sys.argv[1]  # holds jwks.json, written by Mint.java
ISSUER = "http://localhost:18180/realms/bench"
PARTICIPANT = {"id": "6a1f0c43-2d2b-4c55-9a0e-3f1f7a0d2a01", "oin": "00000001000000000001",
               "name": "Gemeente Voorbeeldstad", "kind": "counsellor-phase-1", "status": "active",
               "modules": ["schuldinventarisatie"], "keyIds": []}

class Oidc(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, body):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        if self.path.endswith("/.well-known/openid-configuration"):
            self.send(200, {"issuer": ISSUER, "jwks_uri": ISSUER + "/protocol/openid-connect/certs",
                            "authorization_endpoint": ISSUER + "/protocol/openid-connect/auth",
                            "token_endpoint": ISSUER + "/protocol/openid-connect/token",
                            "end_session_endpoint": ISSUER + "/protocol/openid-connect/logout"})
        elif self.path.endswith("/certs"):
            self.send(200, open(DIR + "/jwks.json", "rb").read())
        else:
            self.send(404, {})

class Registry(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        if "/clients/" in self.path:
            self.send(200, [PARTICIPANT])
        else:
            self.send(404, {})
    def do_PUT(self):
        n = int(self.headers.get("Content-Length", 0)); self.rfile.read(n)
        self.send_response(204); self.end_headers()

for port, handler in ((18180, Oidc), (18081, Registry)):
    threading.Thread(target=ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever, daemon=True).start()
threading.Event().wait()
