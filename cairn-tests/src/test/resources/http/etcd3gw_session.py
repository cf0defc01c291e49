"""Drives etcd's /v3 JSON gateway with Debian's python3-etcd3gw client and prints what it sees,
one line per step, for GatewayPythonClientTest to compare between etcd 3.4 and Cairn.

usage: python3 etcd3gw_session.py HOST PORT
"""
import sys
import threading

from etcd3gw.client import Etcd3Client

host, port = sys.argv[1], int(sys.argv[2])
c = Etcd3Client(host=host, port=port, api_path="/v3/", timeout=10)


def out(step, value):
    print(step + ": " + repr(value), flush=True)


out("put", c.put("py/a", "1"))
out("put", c.put("py/b", "2"))
out("get", c.get("py/a"))
out("get missing", c.get("py/none"))
out("create existing", c.create("py/a", "x"))
out("create new", c.create("py/c", "3"))
out("replace wrong", c.replace("py/a", "nope", "9"))
out("replace right", c.replace("py/a", "1", "10"))
out("get prefix", sorted(c.get_prefix("py/")))
lease = c.lease(ttl=60)
out("lease ttl", lease.ttl() > 50)
out("put with lease", c.put("py/leased", "v", lease=lease))
out("lease keys", lease.keys())
out("lease refresh", lease.refresh() > 50)
out("lease revoke", lease.revoke())
out("leased key after revoke", c.get("py/leased"))

# a watch sees a put made after it starts, then is cancelled
events, cancel = c.watch("py/w")
seen = []
t = threading.Thread(target=lambda: seen.append(next(events)))
t.start()
for _ in range(50):
    c.put("py/w", "watched")
    t.join(0.2)
    if seen:
        break
cancel()
out("watch event", (seen[0]["kv"]["key"], seen[0]["kv"]["value"]) if seen else None)

out("delete", c.delete("py/b"))
out("delete missing", c.delete("py/b"))
out("delete prefix", c.delete_prefix("py/"))
out("get prefix after", c.get_prefix("py/"))
out("members", len(c.members()))
out("status keys", sorted(k for k in c.status() if k in ("header", "version", "leader")))
