"""moto's server, with what the audit tests need and moto 5.2.1 lacks.

Usage: python3 motoServer.py <port> <faults.json>

- EC2 GetSerialConsoleAccessStatus / Enable / DisableSerialConsoleAccess (HTTP 500 in moto 5.2.1):
  a per-Region flag, off by default as in AWS.
- EC2 Create / DescribeInstanceConnectEndpoints (also 500 in moto): kept per Region.
- Faults: before every action the JSON file <faults.json> is read (it may be absent). It maps an
  action name to {"code": "...", "message": "...", "times": n}: the action then fails with that
  error code, the next n times (absent: always); the key "*" fails every action. This is how the tests deny a call
  (AccessDenied, UnauthorizedOperation, AccessDeniedException) or throttle one (ThrottlingException).
  Every faulted call is counted in <faults.json>.log, one action name per line.
- Organizations seen from a member account: the JSON file <faults.json>.org (it may be absent) holds
  {"servedBy": "<12 digits>", "newAccountIds": ["<12 digits>", ...]}. Every Organizations call is then
  answered from servedBy's organization (the management account's), as AWS answers a delegated
  administrator; moto 5.2.1 answers a member account's ListPoliciesForTarget from an empty backend.
  CreateAccount hands out the first of newAccountIds not yet in the organization (then random IDs, as moto does), so that the
  account the other services run as (MOTO_ACCOUNT_ID) can be a member of the organization.
"""
import json
import os
import sys
import uuid

from moto.core.base_backend import BackendDict
from moto.core.responses import BaseResponse
from moto.ec2.responses import EC2Response
from moto.organizations import utils as organizations_utils
from moto.organizations.models import organizations_backends
from moto.organizations.responses import OrganizationsResponse
import moto.server

FAULTS = sys.argv[2]
_used: dict = {}


def _fault_for(action):
    try:
        with open(FAULTS) as f:
            text = f.read()
        faults = json.loads(text)
    except (OSError, ValueError):
        return None
    fault = faults.get(action) or faults.get("*")
    if not fault:
        return None
    key = (text, action)
    times = fault.get("times")
    if times is not None:
        if _used.get(key, 0) >= times:
            return None
        _used[key] = _used.get(key, 0) + 1
    with open(FAULTS + ".log", "a") as log:
        log.write(action + "\n")
    return fault


_call_action = BaseResponse.call_action


def _error(self, code, message, status):
    """The error in the service's own protocol: JSON (SSM, Organizations), EC2 query or IAM query."""
    rid = str(uuid.uuid4())
    if self.headers.get("x-amz-target") or self.headers.get("X-Amz-Target"):
        return status, {"content-type": "application/x-amz-json-1.1", "x-amzn-requestid": rid}, json.dumps({"__type": code, "message": message})
    if isinstance(self, EC2Response):
        body = f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>{rid}</RequestID></Response>"
    else:
        body = f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>"
    return status, {"content-type": "text/xml"}, body


def call_action(self):
    fault = _fault_for(self._get_action())
    if fault:
        return _error(self, fault["code"], fault.get("message", "simulated by the test server"), int(fault.get("status", 400)))
    return _call_action(self)


BaseResponse.call_action = call_action

# Kept on the Region's EC2 backend, so that moto's reset (which makes new backends) clears them.
def _serial(self):
    return getattr(self.ec2_backend, "_ec2_access_serial", False)


def _endpoints(self):
    if not hasattr(self.ec2_backend, "_ec2_access_endpoints"):
        self.ec2_backend._ec2_access_endpoints = []
    return self.ec2_backend._ec2_access_endpoints


def _xml(self, name, inner):
    return f'<{name}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>{uuid.uuid4()}</requestId>{inner}</{name}Response>'


def get_serial_console_access_status(self):
    on = "true" if _serial(self) else "false"
    return _xml(self, "GetSerialConsoleAccessStatus", f"<serialConsoleAccessEnabled>{on}</serialConsoleAccessEnabled><managedBy>account</managedBy>")


def enable_serial_console_access(self):
    self.ec2_backend._ec2_access_serial = True
    return _xml(self, "EnableSerialConsoleAccess", "<serialConsoleAccessEnabled>true</serialConsoleAccessEnabled>")


def disable_serial_console_access(self):
    self.ec2_backend._ec2_access_serial = False
    return _xml(self, "DisableSerialConsoleAccess", "<serialConsoleAccessEnabled>false</serialConsoleAccessEnabled>")


def _endpoint_xml(e):
    return (f"<instanceConnectEndpointId>{e['id']}</instanceConnectEndpointId><subnetId>{e['subnet']}</subnetId>"
            f"<vpcId>{e['vpc']}</vpcId><state>create-complete</state><ownerId>123456789012</ownerId>")


def create_instance_connect_endpoint(self):
    subnet = self._get_param("SubnetId")
    vpc = self.ec2_backend.get_subnet(subnet).vpc_id
    e = {"id": "eice-" + uuid.uuid4().hex[:17], "subnet": subnet, "vpc": vpc}
    _endpoints(self).append(e)
    return _xml(self, "CreateInstanceConnectEndpoint", f"<instanceConnectEndpoint>{_endpoint_xml(e)}</instanceConnectEndpoint>")


def describe_instance_connect_endpoints(self):
    items = "".join(f"<item>{_endpoint_xml(e)}</item>" for e in _endpoints(self))
    return _xml(self, "DescribeInstanceConnectEndpoints", f"<instanceConnectEndpointSet>{items}</instanceConnectEndpointSet>")


for fn in (get_serial_console_access_status, enable_serial_console_access, disable_serial_console_access,
           create_instance_connect_endpoint, describe_instance_connect_endpoints):
    setattr(EC2Response, fn.__name__, fn)


def _organization_setup():
    try:
        with open(FAULTS + ".org") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _organizations_backend(self):
    account = _organization_setup().get("servedBy") or self.current_account
    return organizations_backends[account][self.partition]


_random_account_id = organizations_utils.make_random_account_id


def make_account_id():
    setup = _organization_setup()
    taken = {a.id for a in organizations_backends[setup["servedBy"]]["aws"].accounts} if setup.get("servedBy") else set()
    for account_id in setup.get("newAccountIds") or []:
        if account_id not in taken:
            return account_id
    return _random_account_id()


_reset_backends = BackendDict.reset.__func__


def reset_backends(cls):
    # moto's reset makes new backends but keeps its map of member accounts to their management
    # account: a member would then be answered from an organization that no longer exists.
    _reset_backends(cls)
    organizations_backends.master_accounts.clear()


BackendDict.reset = classmethod(reset_backends)
OrganizationsResponse.organizations_backend = property(_organizations_backend)
organizations_utils.make_random_account_id = make_account_id

if __name__ == "__main__":
    moto.server.main(["-H", "127.0.0.1", "-p", sys.argv[1]])
