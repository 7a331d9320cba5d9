"""docker-compose.yml, docker/Dockerfile and docker/odoo.conf agree with each other and with the
checkout (no Docker daemon needed): the official images, the add-ons mounted where the add-ons
path looks, requirements.txt installed whole, one database login everywhere."""

import configparser
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _odoo_conf():
    conf = configparser.ConfigParser()
    conf.read(ROOT / "docker" / "odoo.conf")
    return conf["options"]


def _mounts(service):
    """{target: source} of a service's bind mounts and volumes."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        mounts[target] = source
    return mounts


def test_official_images():
    services = _compose()["services"]
    assert re.fullmatch(r"postgres:\d+", services["db"]["image"])
    build = services["odoo"]["build"]
    dockerfile = (ROOT / build["context"] / build["dockerfile"]).read_text()
    assert re.search(r"^FROM odoo:18(\.0)?$", dockerfile, re.M), "the image is not odoo:18's"


def test_addons_mounted_on_the_addons_path():
    odoo = _compose()["services"]["odoo"]
    mounts = _mounts(odoo)
    addons_paths = _odoo_conf()["addons_path"].split(",")
    suite_target = next(t for t, s in mounts.items() if s == "./addons")
    assert suite_target in addons_paths
    assert (ROOT / "addons" / "kia_base" / "__manifest__.py").is_file()
    # the configuration the compose file mounts is this one, where the image reads it
    assert mounts["/etc/odoo/odoo.conf"] == "./docker/odoo.conf"
    for target, source in mounts.items():
        if source.startswith("./"):
            assert (ROOT / source).exists(), f"{source} (mounted on {target}) is missing"
    # pip's OCA add-ons (docker/Dockerfile) are on the add-ons path too
    assert any(p.startswith("/usr/local/lib/python3") for p in addons_paths)


def test_requirements_installed_whole():
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    copied = re.search(r"^COPY (\S+) (\S+)$", dockerfile, re.M)
    assert copied and copied.group(1) == "requirements.txt"
    assert (ROOT / "requirements.txt").is_file()
    # the Dockerfile splits requirements.txt with these two greps: every requirement is in one
    oca = re.findall(r"grep '(\^odoo-addon-)'", dockerfile)
    rest = re.findall(r"grep -v '(\^odoo-addon-)'", dockerfile)
    assert oca and rest and oca == rest
    lines = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]
    pattern = re.compile(oca[0])
    oca_lines = [line for line in lines if pattern.search(line)]
    assert oca_lines, "requirements.txt lists no OCA add-on"
    assert "-r /tmp/kia-oca.txt" in dockerfile and "-r /tmp/kia-python.txt" in dockerfile


def test_one_database_login():
    services = _compose()["services"]
    db_env, odoo_env = services["db"]["environment"], services["odoo"]["environment"]
    conf = _odoo_conf()
    assert odoo_env["HOST"] == conf["db_host"] == "db"
    assert odoo_env["USER"] == conf["db_user"] == db_env["POSTGRES_USER"]
    assert odoo_env["PASSWORD"] == conf["db_password"] == db_env["POSTGRES_PASSWORD"]
    assert "db" in services["odoo"]["depends_on"]
