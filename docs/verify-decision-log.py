#!/usr/bin/env python3
"""Re-check a decision-log export without the service: every entry's hash, the links between
consecutive entries, and (optionally) the signed checkpoints. Python 3.8+, standard library only;
checkpoint signatures need the `cryptography` package or the `openssl` command (3.0+).

    python3 verify-decision-log.py export.ndjson
    python3 verify-decision-log.py export.csv
    python3 verify-decision-log.py export.ndjson --checkpoints checkpoints.jsonl --public-key <base64 X.509 key>
    python3 verify-decision-log.py export.ndjson --checkpoints checkpoints.json   # GET .../checkpoints answer
    python3 verify-decision-log.py --filtered partner-export.ndjson               # an export with filters

Exit status 0 when everything checks, 1 with the first invalid sequence otherwise.
See docs/decision-log.md for the algorithm this script implements.
"""
import argparse
import base64
import csv
import hashlib
import json
import subprocess
import sys
import tempfile

GENESIS = "sha256:" + "0" * 64
HASHED = ["sequence", "decisionId", "kind", "outcome", "decidedAt", "rulesVersion", "partnerId", "customerId",
          "action", "service", "subscriptionId", "actor", "input", "reasons", "obligations", "firedRules",
          "maskedFields", "durationMicros", "previousHash"]


def canonical(value):
    """Canonical JSON: keys sorted by UTF-16 code units, no white space, minimal escapes, nulls kept."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError("non-integer number in an entry: the log never writes one")
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif ch == "\b":
                out.append("\\b")
            elif ch == "\f":
                out.append("\\f")
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(canonical(k) + ":" + canonical(value[k]) for k in keys) + "}"
    raise ValueError("unexpected JSON value %r" % (value,))


def entry_hash(entry):
    content = {field: entry[field] for field in HASHED}
    for field in ("reasons", "obligations"):
        content[field] = [{k: v for k, v in item.items() if k != "message"} for item in content[field]]
    text = entry["previousHash"] + "\n" + canonical(content)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_ndjson(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        for raw in csv.DictReader(f):
            # cells a spreadsheet would run as a formula carry one leading single quote, and so does every
            # value that itself begins with one: removing exactly one restores the value (docs/decision-log.md)
            row = {k: (v[1:] if v.startswith("'") else v) for k, v in raw.items()}
            n = lambda v: v if v != "" else None
            yield {
                "sequence": int(row["sequence"]), "decisionId": row["decisionId"], "kind": row["kind"],
                "outcome": row["outcome"], "decidedAt": row["decidedAt"], "rulesVersion": row["rulesVersion"],
                "partnerId": n(row["partnerId"]), "customerId": n(row["customerId"]), "action": n(row["action"]),
                "service": n(row["service"]), "subscriptionId": n(row["subscriptionId"]),
                "actor": {"sub": n(row["actorSub"]), "tenant": n(row["actorTenant"]),
                          "roles": row["actorRoles"].split(",") if row["actorRoles"] else []},
                "input": json.loads(row["input"]), "reasons": json.loads(row["reasons"]),
                "obligations": json.loads(row["obligations"]), "firedRules": json.loads(row["firedRules"]),
                "maskedFields": json.loads(row["maskedFields"]), "durationMicros": int(row["durationMicros"]),
                "previousHash": row["previousHash"], "hash": row["hash"],
            }


def signature_ok(checkpoint, public_key_b64):
    signed = canonical({k: checkpoint[k] for k in ("sequence", "hash", "takenAt", "keyId")}).encode("utf-8")
    signature = base64.b64decode(checkpoint["signature"])
    der = base64.b64decode(public_key_b64)
    try:
        from cryptography.hazmat.primitives.serialization import load_der_public_key
        try:
            load_der_public_key(der).verify(signature, signed)
            return True
        except Exception:
            return False
    except ImportError:
        with tempfile.TemporaryDirectory() as tmp:
            paths = {name: tmp + "/" + name for name in ("key.der", "data", "sig")}
            for name, content in (("key.der", der), ("data", signed), ("sig", signature)):
                with open(paths[name], "wb") as f:
                    f.write(content)
            result = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", paths["key.der"],
                                     "-rawin", "-in", paths["data"], "-sigfile", paths["sig"]], capture_output=True)
            return result.returncode == 0


def key_id(public_key_b64):
    return "ed25519:" + hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()[:16]


def fail(sequence, problem):
    print("INVALID at sequence %s: %s" % (sequence, problem))
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("export", help="an NDJSON or CSV export of the decision log (format=ndjson or format=csv)")
    parser.add_argument("--checkpoints", help="checkpoint lines kept outside the database (checkpoints.jsonl)")
    parser.add_argument("--public-key", help="base64 X.509 Ed25519 key the checkpoints are signed with")
    parser.add_argument("--filtered", action="store_true",
                        help="the export was filtered: check each entry's hash, not the links between entries")
    args = parser.parse_args()

    entries = read_csv(args.export) if args.export.endswith(".csv") else read_ndjson(args.export)
    hashes = {}
    previous = None
    complete = not args.filtered   # an unfiltered export starts at 1 and has no gaps
    for entry in entries:
        seq = entry["sequence"]
        if complete:
            expected = previous[0] + 1 if previous else 1
            if seq != expected:
                fail(expected, "entry %d is missing: the next entry in the export is %d" % (expected, seq))
            if entry["previousHash"] != (previous[1] if previous else GENESIS):
                fail(seq, "previousHash is not the hash of the entry before")
        if entry_hash(entry) != entry["hash"]:
            fail(seq, "the entry does not match its hash")
        hashes[seq] = entry["hash"]
        previous = (seq, entry["hash"])
    last = previous[0] if previous else 0
    print("%d entries: every hash checks%s" % (len(hashes), ", and so does every link" if complete else
                                                 " (filtered export: links between entries not checked)"))

    if args.checkpoints:
        with open(args.checkpoints, encoding="utf-8") as f:
            text = f.read()
        try:
            listing = json.loads(text)   # the answer of GET /api/v1/decision-log/checkpoints
        except ValueError:
            listing = None
        if isinstance(listing, dict) and "checkpoints" in listing:
            checkpoints = listing["checkpoints"]
            if not args.public_key:
                args.public_key = listing["publicKey"]
                print("using the public key from the listing (%s): compare it with the one you keep" % key_id(args.public_key))
        else:
            checkpoints = [json.loads(line) for line in text.splitlines() if line.strip()]
        if not args.public_key:
            parser.error("--checkpoints with a checkpoints.jsonl file needs --public-key")
        wanted = key_id(args.public_key)
        for cp in checkpoints:
            if cp["keyId"] != wanted or not signature_ok(cp, args.public_key):
                print("ignored: checkpoint at %d is not signed by that key" % cp["sequence"])
                continue
            if cp["sequence"] > last and complete:
                fail(last + 1, "a signed checkpoint records sequence %d but the log ends at %d" % (cp["sequence"], last))
            if cp["sequence"] in hashes and hashes[cp["sequence"]] != cp["hash"]:
                fail(cp["sequence"], "the hash differs from the signed checkpoint")
        print("%d checkpoints checked" % len(checkpoints))
    print("VALID")


if __name__ == "__main__":
    main()
