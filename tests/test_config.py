from __future__ import annotations

import pytest

from extractor import Config, ConfigurationError, load_config


def test_nothing_configured_means_local():
    config = load_config({})
    assert config.backend == "local"
    assert config.use_candidates is True
    assert config.output_form == "json_object_schema"


def test_an_openai_key_alone_does_not_switch_to_a_paid_backend():
    assert load_config({"OPENAI_API_KEY": "sk-x"}).backend == "local"


def test_environment_is_read():
    config = load_config(
        {
            "EXTRACTOR_BACKEND": "OpenAI",
            "EXTRACTOR_MODEL": "gpt-4o",
            "OPENAI_API_KEY": "sk-x",
            "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
            "EXTRACTOR_CANDIDATES": "yes",
        }
    )
    assert (config.backend, config.model, config.base_url) == ("openai", "gpt-4o", "http://127.0.0.1:9/v1")
    assert config.use_candidates is True
    assert config.output_form == "json_schema"


def test_arguments_beat_environment_and_empty_variables_are_unset():
    config = load_config({"EXTRACTOR_BACKEND": "openai", "EXTRACTOR_MODEL": ""}, backend="local", model=None)
    assert config.backend == "local" and config.model is None


def test_the_key_never_shows_in_repr():
    assert "sk-secret" not in repr(Config(backend="openai", api_key="sk-secret"))


@pytest.mark.parametrize(
    "env, message",
    [
        ({"EXTRACTOR_BACKEND": "anthropic"}, "backend must be one of"),
        ({"EXTRACTOR_STRUCTURED_OUTPUT": "xml"}, "structured_output must be one of"),
        ({"EXTRACTOR_CANDIDATES": "maybe"}, "EXTRACTOR_CANDIDATES must be true or false"),
    ],
)
def test_bad_settings_name_the_problem(env, message):
    with pytest.raises(ConfigurationError, match=message):
        load_config(env)


def test_config_is_frozen():
    config = Config()
    with pytest.raises(AttributeError):
        config.backend = "openai"  # type: ignore[misc]
    assert config.replace(backend="openai").backend == "openai"


def test_openai_backend_without_key_or_server_is_a_configuration_error():
    from extractor.engines import make_engine

    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        make_engine(Config(backend="openai"))


def test_missing_local_model_file_is_a_configuration_error(tmp_path):
    from extractor.engines.local import resolve_model_path

    with pytest.raises(ConfigurationError, match="not found"):
        resolve_model_path(Config(local_model=str(tmp_path / "missing.gguf")))
