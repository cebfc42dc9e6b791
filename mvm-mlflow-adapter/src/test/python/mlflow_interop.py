"""MLflow's own Python client on the other side of the interop tests.

Usage (MLFLOW_TRACKING_URI set):
  mlflow_interop.py read-alias NAME ALIAS     print the version an alias points to, as JSON
  mlflow_interop.py register NAME SOURCE      register NAME (if missing) and a version with SOURCE, as JSON
"""
import json
import sys

from mlflow import MlflowClient


def version_json(mv):
    return {
        "name": mv.name,
        "version": str(mv.version),
        "source": mv.source,
        "description": mv.description or "",
        "tags": dict(mv.tags or {}),
        "aliases": list(mv.aliases or []),
    }


def main(argv):
    client = MlflowClient()
    command = argv[1]
    if command == "read-alias":
        name, alias = argv[2], argv[3]
        mv = client.get_model_version_by_alias(name, alias)
        out = version_json(mv)
        model = client.get_registered_model(name)
        out["model_tags"] = dict(model.tags or {})
        out["model_description"] = model.description or ""
        print(json.dumps(out))
    elif command == "register":
        name, source = argv[2], argv[3]
        try:
            client.get_registered_model(name)
        except Exception:  # noqa: BLE001 - the model does not exist yet
            client.create_registered_model(name, tags={"owner-team": "python"}, description="from python")
        mv = client.create_model_version(name, source, tags={"trained-by": "python"}, description="py version")
        client.set_registered_model_alias(name, "staging", mv.version)
        print(json.dumps(version_json(mv)))
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
