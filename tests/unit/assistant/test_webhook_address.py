"""Where webhooks may go (assistant/webhooks/address.py): public addresses only, checked on every
address a name resolves to, and the POST pinned to the checked address."""

from __future__ import annotations

import socket

import pytest

from assistant.webhooks.address import Refused, Resolve, literal_refusal, target


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8080/x",
        "http://api.localhost/x",
        "http://10.0.0.5/x",
        "http://172.16.3.4/x",
        "http://192.168.1.1/x",
        "http://100.64.0.1/x",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/x",
        "http://[::1]/x",
        "http://[fe80::1]/x",
        "http://[fd00::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://224.0.0.1/x",
    ],
)
def test_private_literals_are_refused(url: str) -> None:
    assert literal_refusal(url) is not None


@pytest.mark.parametrize("url", ["https://example.com/hooks", "http://93.184.216.34/x", "https://[2606:4700::1111]/x"])
def test_public_addresses_and_names_pass_the_literal_check(url: str) -> None:
    assert literal_refusal(url) is None


def resolving(*addresses: str) -> Resolve:
    async def resolve(host: str, port: int) -> list[str]:
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(addresses)

    return resolve


async def test_a_name_is_pinned_to_the_address_it_was_checked_at() -> None:
    to = await target("https://hooks.example.com:8443/in?x=1", resolving("93.184.216.34", "2606:2800:220:1::1"))
    assert to.url == "https://93.184.216.34:8443/in?x=1"
    assert to.headers == {"Host": "hooks.example.com:8443"}
    assert to.extensions == {"sni_hostname": "hooks.example.com"}
    plain = await target("http://hooks.example.com/in", resolving("93.184.216.34"))
    assert plain.url == "http://93.184.216.34/in" and plain.extensions == {}


async def test_a_name_with_any_private_address_is_refused() -> None:
    with pytest.raises(Refused, match=r"10\.0\.0\.7"):
        await target("https://hooks.example.com/in", resolving("93.184.216.34", "10.0.0.7"))
    with pytest.raises(Refused, match="did not resolve"):
        await target("https://nowhere.example/in", resolving())


async def test_a_public_literal_is_sent_as_it_is() -> None:
    to = await target("https://93.184.216.34/in", resolving("93.184.216.34"))
    assert to.url == "https://93.184.216.34/in" and to.headers == {} and to.extensions == {}
