"""Checks FollowTheMoney entity files against the followthemoney library's own schema.

Usage: ftm_check.py FILE...

Every line must be one entity whose schema and properties FollowTheMoney knows, with
values it accepts unchanged in number (a date or country it cannot read is dropped when
cleaned, which counts as an error here). Nested entities (targets.nested.json) are
checked the same way. Prints one line per problem and exits 1 if there was any.
"""

import json
import sys

from followthemoney import model
from followthemoney.exc import InvalidData


def check(entity, where, problems):
    schema = model.get(entity.get("schema", ""))
    if schema is None:
        problems.append(f"{where}: unknown schema {entity.get('schema')!r}")
        return
    proxy = model.make_entity(schema.name)
    proxy.id = entity["id"]
    for prop, values in entity.get("properties", {}).items():
        known = schema.get(prop)
        if known is not None and known.stub:
            # A reverse property (`sanctions`, `ownershipOwner`): the nested format lists
            # the entities that point here, each of which must point back.
            for value in values:
                if not isinstance(value, dict):
                    problems.append(f"{where} ({entity['id']}): {prop} holds {value!r}, not an entity")
                    continue
                check(value, f"{where} > {value.get('id')}", problems)
                back = known.reverse.name
                if entity["id"] not in [
                    v["id"] if isinstance(v, dict) else v
                    for v in value.get("properties", {}).get(back, [])
                ]:
                    problems.append(f"{where}: {value.get('id')} does not point back through {back}")
            continue
        plain = []
        for value in values:
            if isinstance(value, dict):
                check(value, f"{where} > {value.get('id')}", problems)
                plain.append(value["id"])
            else:
                plain.append(value)
        try:
            proxy.add(prop, plain)
        except InvalidData as e:
            problems.append(f"{where} ({entity['id']}): {e}")
            continue
        kept = proxy.get(prop)
        if len(kept) < len(set(plain)):
            problems.append(
                f"{where} ({entity['id']}): {prop} {plain!r} cleaned to {kept!r}"
            )


def main():
    problems = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    check(json.loads(line), f"{path}:{n}", problems)
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
