import json
import os


def load_settings(path: str) -> dict:
    try:
        with open(path) as f:
            return json.load(f)
    except:  # expect: swallowed-error
        return {}


def env_flag(name: str) -> bool:
    try:
        return bool(int(os.environ.get(name, "0")))
    except ValueError:
        return False
