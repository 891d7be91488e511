"""What the AWS CLI accepts for each `aws <service> <operation>` asked on stdin, from botocore's
service models on this machine (the models the CLI itself is generated from).

stdin: [{"service": "ssm", "operation": "start-session"}, ...]
stdout: {"botocore": "<version>", "commands": [{"service", "operation", "serviceKnown",
         "operationKnown", "options": [...]}]}

The CLI names an operation and each member of its input shape with botocore's own
xform_name(name, "-"); a boolean member also takes --no-<name>; a paginated operation takes
--starting-token, --page-size, --max-items; every operation takes --cli-input-json,
--cli-input-yaml and --generate-cli-skeleton (awscli/clidriver.py, awscli/customizations/
paginate.py and cliinput.py / generatecliskeleton.py).
"""
import json
import sys

import botocore
import botocore.session
from botocore import xform_name

PER_OPERATION = ["cli-input-json", "cli-input-yaml", "generate-cli-skeleton"]
PAGINATION = ["starting-token", "page-size", "max-items"]


def main():
    asked = json.load(sys.stdin)
    session = botocore.session.get_session()
    services = set(session.get_available_services())
    loader = session.get_component("data_loader")
    models, out = {}, []
    for item in asked:
        service, operation = item["service"], item["operation"]
        row = {"service": service, "operation": operation, "serviceKnown": service in services, "operationKnown": False, "options": []}
        if row["serviceKnown"]:
            if service not in models:
                model = session.get_service_model(service)
                try:
                    paginated = set(loader.load_service_model(service, "paginators-1")["pagination"])
                except Exception:  # a service without paginators
                    paginated = set()
                models[service] = (model, {xform_name(name, "-"): name for name in model.operation_names}, paginated)
            model, by_cli_name, paginated = models[service]
            name = by_cli_name.get(operation)
            if name:
                row["operationKnown"] = True
                shape = model.operation_model(name).input_shape
                options = list(PER_OPERATION)
                for member, member_shape in (shape.members.items() if shape else []):
                    cli = xform_name(member, "-")
                    options.append(cli)
                    if member_shape.type_name == "boolean":
                        options.append("no-" + cli)
                if name in paginated:
                    options += PAGINATION
                row["options"] = options
        out.append(row)
    json.dump({"botocore": botocore.__version__, "commands": out}, sys.stdout)


if __name__ == "__main__":
    main()
