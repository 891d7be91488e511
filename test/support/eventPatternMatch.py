# Matches EventBridge event patterns against events with moto's implementation of EventBridge's
# matching rules (moto.events.models.EventPattern, the code behind moto_server's
# TestEventPattern), after moto's own pattern validation. Reads [{"pattern": {...}, "event":
# {...}}, ...] as JSON on stdin and prints [true|false|{"invalid": reason}, ...].
import json
import sys

from moto.events.models import EventPattern, EventPatternParser
from moto.events.exceptions import InvalidEventPatternException


def decide(case):
    raw = json.dumps(case["pattern"])
    try:
        parsed = EventPatternParser(raw).parse()
    except InvalidEventPatternException as e:
        return {"invalid": str(e)}
    return EventPattern(raw, parsed).matches_event(case["event"])


print(json.dumps([decide(c) for c in json.load(sys.stdin)]))
