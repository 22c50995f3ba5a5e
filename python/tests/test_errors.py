"""Bad input raises parley.InputError (a ValueError) with exactly the message the command
line prints after "parley: error: "."""

import re

import pytest

import parley
from conftest import FLAGSHIP

# Bad scenario files: name -> content. Each is read by `parley check` and parley.load.
BAD_FILES = {
    "salience.yaml": (
        "parley: 1\n"
        "actors:\n"
        "  - {id: USA, capability: 100}\n"
        "issues:\n"
        "  - id: x\n"
        "    positions: {USA: {position: 90, salience: 1.2}}\n"
    ),
    "unknown-field.yaml": "parley: 1\nactorz: []\n",
    "duplicate.yaml": (
        "actors:\n"
        "  - {id: A, capability: 1}\n"
        "  - {id: A, capability: 2}\n"
        "issues:\n"
        "  - {id: x, positions: {A: [1, 1]}}\n"
    ),
    "syntax.json": '{"actors": [{"id": "A", "capability": 1}],\n "issues": [}\n',
    "scale.json": (
        '{"actors": [{"id": "A", "capability": 1}],\n'
        ' "issues": [{"id": "x", "scale": {"min": 0, "max": 10},\n'
        '             "positions": {"A": [11, 1]}}]}\n'
    ),
    "bdm.csv": "Actor,Capability,Position,Salience\nA,1,20,0.5\nB,zero,30,0.5\n",
    "decide.csv": "#A;a;A\n#P;p;P;0;100\n#D;p;x;10\n",
    "latin1.csv": b"Actor,Capability,Position,Salience\nJos\xe9,1,20,0.5\n",
    "unknown.toml": "x = 1\n",
}


def write(tmp_path, name):
    path = tmp_path / name
    content = BAD_FILES[name]
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


CLI_PREFIX = "parley: error: "


def cli_error(run_cli, *args):
    """What `parley ARGS...` prints after "parley: error: " (it must fail with status 2)."""
    status, _, stderr = run_cli(*args)
    assert status == 2, stderr
    assert stderr.startswith(CLI_PREFIX) and stderr.endswith("\n"), stderr
    return stderr.removeprefix(CLI_PREFIX).removesuffix("\n")


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_reading_a_bad_file_raises_the_command_lines_message(tmp_path, run_cli, name):
    path = write(tmp_path, name)
    with pytest.raises(parley.InputError) as raised:
        parley.load(path)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == cli_error(run_cli, "check", path)


def test_missing_file(tmp_path, run_cli):
    path = tmp_path / "absent.yaml"
    with pytest.raises(parley.InputError) as raised:
        parley.load(path)
    assert str(raised.value) == cli_error(run_cli, "run", path)
    assert raised.value.file == str(path)


def test_error_attributes_locate_the_problem(tmp_path):
    path = write(tmp_path, "salience.yaml")
    with pytest.raises(parley.InputError) as raised:
        parley.load(path)
    error = raised.value
    assert (error.file, error.line, error.field) == (
        str(path),
        6,
        "issues[0].positions.USA.salience",
    )
    assert error.column > 0


def test_a_dict_gets_the_files_message_without_line_and_column(tmp_path, run_cli):
    # The same document as a JSON file and as a dict: identical validation, and the dict's
    # message replaces "FILE:LINE:COLUMN" by "<dict>".
    path = write(tmp_path, "scale.json")
    message = cli_error(run_cli, "check", path)
    prefix = re.match(rf"{re.escape(str(path))}:3:\d+: ", message).group(0)
    document = {
        "actors": [{"id": "A", "capability": 1}],
        "issues": [{"id": "x", "scale": {"min": 0, "max": 10}, "positions": {"A": [11, 1]}}],
    }
    with pytest.raises(parley.InputError) as raised:
        parley.Scenario.from_dict(document)
    assert str(raised.value) == "<dict>: " + message.removeprefix(prefix)


def test_bad_spec(run_cli):
    scenario = parley.load(FLAGSHIP)
    for spec in ("eum(foo=1)", "nash(utility=cubic)", "eum(q=2)", "compromise(", "nope"):
        with pytest.raises(parley.InputError) as raised:
            scenario.run(spec)
        assert str(raised.value) == cli_error(run_cli, "run", FLAGSHIP, "--model", spec), spec


def test_bad_threshold(run_cli):
    with pytest.raises(parley.InputError) as raised:
        parley.ensemble(FLAGSHIP, "compromise", runs=10, thresholds=["nope>=3"])
    expected = cli_error(
        run_cli, "ensemble", FLAGSHIP, "-m", "compromise", "-n", "10", "--threshold", "nope>=3"
    )
    assert str(raised.value) == expected


def test_sensitivity_without_uncertain_inputs(tmp_path, run_cli):
    path = tmp_path / "certain.yaml"
    path.write_text(
        "actors:\n  - {id: A, capability: 1}\nissues:\n  - {id: x, positions: {A: [1, 1]}}\n"
    )
    with pytest.raises(parley.InputError) as raised:
        parley.sensitivity(path, "compromise", runs=4)
    assert str(raised.value) == cli_error(run_cli, "sensitivity", path, "-m", "compromise")


def test_bad_linkage_options(run_cli):
    with pytest.raises(parley.InputError) as raised:
        parley.linkage(FLAGSHIP, drop_issues=["nope"])
    assert str(raised.value) == cli_error(run_cli, "linkage", FLAGSHIP, "--drop-issue", "nope")
    with pytest.raises(parley.InputError) as raised:
        parley.linkage(FLAGSHIP, add_actors=["absent.yaml:X"])
    assert str(raised.value) == cli_error(
        run_cli, "linkage", FLAGSHIP, "--add-actor", "absent.yaml:X"
    )


def test_bad_leverage_options(tmp_path, run_cli):
    trade = tmp_path / "trade.csv"
    trade.write_text("reporter,partner,year,exports,imports\nPRK,CHN,2014,100,200\n")
    for options, args in (
        ({"years": "2014-2013"}, ["--years", "2014-2013"]),
        ({"years": "1990-2000"}, ["--years", "1990-2000"]),
        ({"years": "soon"}, ["--years", "soon"]),
        ({"actor": "Atlantis"}, ["--actor", "Atlantis"]),
        ({"year": 1990}, ["--year", "1990"]),
    ):
        with pytest.raises(parley.InputError) as raised:
            parley.leverage(trade, **options)
        assert str(raised.value) == cli_error(run_cli, "leverage", trade, *args), options


def test_bad_validation_data(tmp_path, run_cli):
    data = tmp_path / "deu.tsv"
    data.write_text("prnr\tisnr\tpcom\n1\t1\t50\n")
    with pytest.raises(parley.InputError) as raised:
        parley.validate(data)
    assert str(raised.value) == cli_error(run_cli, "validate", data)


@pytest.mark.parametrize(
    "call",
    [
        lambda: parley.ensemble(FLAGSHIP, "compromise", runs=0),
        lambda: parley.ensemble(FLAGSHIP, "compromise", threads=-1),
        lambda: parley.ensemble(FLAGSHIP, "compromise", seed=-1),
        lambda: parley.sensitivity(FLAGSHIP, "compromise", runs=1),
        lambda: parley.leverage("x.csv", top=0),
        lambda: parley.leverage("x.csv", substitution=2),
        lambda: parley.leverage("x.csv", year=2000, years="2000-2001"),
        lambda: parley.validate("x.tsv", folds=1),
    ],
)
def test_option_ranges_are_checked_as_the_command_line_checks_them(call):
    with pytest.raises(ValueError):
        call()


def test_wrong_types_raise_type_error():
    with pytest.raises(TypeError):
        parley.ensemble(FLAGSHIP, "compromise", runs=10.5)
    with pytest.raises(TypeError):
        parley.sensitivity(FLAGSHIP, ["compromise"])
    with pytest.raises(TypeError):
        parley.ensemble(FLAGSHIP, [1, 2])
