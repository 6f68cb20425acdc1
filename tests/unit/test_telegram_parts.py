"""The Telegram front end's plain parts: message splitting, keyboards,
sender pseudonyms, configuration and the Telegram language mapping."""
import pytest

from bot.core.languages import from_telegram
from bot.dialogue.place import heard_place
from bot.geo.gazetteer import default_gazetteer
from bot.telegram.config import ConfigError, TelegramConfig
from bot.telegram.keyboards import CALLBACK_LIMIT, ButtonData, inline_keyboard
from bot.core.keys import load_key, sender_id
from bot.telegram.split import TELEGRAM_LIMIT, split_message


class TestSplit:
    def test_a_short_answer_is_one_message(self):
        assert split_message("Hello.") == ["Hello."]

    def test_parts_stay_below_the_limit_and_lose_nothing(self):
        text = " ".join(f"Sentence number {i} says something useful." for i in range(400))
        parts = split_message(text)
        assert len(parts) > 1 and all(len(p) <= TELEGRAM_LIMIT for p in parts)
        assert " ".join(parts) == text

    def test_cuts_at_a_sentence_end_not_inside_a_sentence(self):
        parts = split_message("First sentence is here. Second sentence is longer than that.", limit=40)
        assert parts == ["First sentence is here.", "Second sentence is longer than that."]

    @pytest.mark.parametrize("end", ["።", "؟", "."])
    def test_knows_ethiopic_and_arabic_sentence_ends(self, end):
        text = f"ሓደ ኣዝዩ ነዊሕ ሓሳብ{end} ካልኣይ ሓሳብ ከኣ ኣሎ{end}"
        assert split_message(text, limit=24) == [f"ሓደ ኣዝዩ ነዊሕ ሓሳብ{end}", f"ካልኣይ ሓሳብ ከኣ ኣሎ{end}"]

    def test_prefers_a_paragraph_break(self):
        text = "An intro line. It has two sentences\n\n" + "word " * 10
        assert split_message(text, limit=60)[0] == "An intro line. It has two sentences"

    def test_one_endless_word_is_cut_hard(self):
        parts = split_message("x" * 10000)
        assert [len(p) for p in parts] == [4096, 4096, 1808]

    def test_empty_text_is_no_message(self):
        assert split_message("  \n ") == []


class TestKeyboards:
    KEY = b"keyboard-test-key-0123456789"

    def test_a_short_payload_travels_signed_and_comes_back(self):
        data = ButtonData(self.KEY)
        markup = inline_keyboard([{"title": "Nederland", "payload": '/inform_country{"country":"nl"}'}], data)
        sent = markup.inline_keyboard[0][0].callback_data
        assert sent.startswith('/inform_country{"country":"nl"}~') and len(sent.encode()) <= CALLBACK_LIMIT
        assert ButtonData(self.KEY).decode(sent) == '/inform_country{"country":"nl"}'     # after a restart too

    def test_forged_callback_data_is_refused(self):
        data = ButtonData(self.KEY)
        assert data.decode('/inform_municipality{"municipality":"GM0141"}') is None
        assert data.decode('/inform_country{"country":"nl"}~AAAAAAAAAAA') is None
        assert ButtonData(b"another-key-0123456789").decode(data.encode("/greet")) is None

    def test_long_payloads_travel_as_a_token_within_64_bytes(self):
        data = ButtonData(self.KEY)
        payload = '/inform_municipality{"municipality":"GM0141","note":"' + "é" * 40 + '"}'
        sent = inline_keyboard([{"title": "Almelo", "payload": payload}], data).inline_keyboard[0][0].callback_data
        assert len(sent.encode()) <= CALLBACK_LIMIT and sent.startswith("k:")
        assert data.decode(sent) == payload

    def test_an_expired_token_resolves_to_nothing(self):
        assert ButtonData(self.KEY).decode("k:99") is None

    def test_no_buttons_no_keyboard(self):
        assert inline_keyboard([], ButtonData(self.KEY)) is None


class TestPseudonym:
    def test_stable_per_user_and_key_and_not_the_id(self):
        key = b"k" * 32
        assert sender_id(123456789, key) == sender_id(123456789, key)
        assert sender_id(123456789, key) != sender_id(123456780, key)
        assert sender_id(123456789, key) != sender_id(123456789, b"other-key-0123456789")
        assert "123456789" not in sender_id(123456789, key)

    def test_a_short_key_is_refused(self, tmp_path):
        with pytest.raises(ValueError):
            load_key("short", tmp_path / "key")

    def test_without_a_key_one_is_generated_once_and_kept_private(self, tmp_path):
        path = tmp_path / "key"
        first = load_key(None, path)
        assert load_key(None, path) == first and len(first) >= 32
        assert path.stat().st_mode & 0o077 == 0


class TestConfig:
    def test_polling_by_default(self):
        config = TelegramConfig.from_env({"TELEGRAM_BOT_TOKEN": "1:x"})
        assert not config.webhook and config.base_url == "https://api.telegram.org/bot"

    def test_no_token_is_a_clear_error(self):
        with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
            TelegramConfig.from_env({})

    @pytest.mark.parametrize("secret", [None, "short", "has spaces in it 123"])
    def test_a_webhook_needs_a_valid_secret(self, secret):
        env = {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://samen.example/telegram"}
        if secret:
            env["TELEGRAM_WEBHOOK_SECRET"] = secret
        with pytest.raises(ConfigError, match="SECRET"):
            TelegramConfig.from_env(env)

    def test_a_webhook_must_be_https(self):
        env = {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "http://samen.example/telegram",
               "TELEGRAM_WEBHOOK_SECRET": "a" * 32}
        with pytest.raises(ConfigError, match="https"):
            TelegramConfig.from_env(env)


@pytest.mark.parametrize("code, language", [("fa", "prs"), ("fa-IR", "prs"), ("ar", "ar"), ("ti", "ti"),
                                            ("nl-BE", "nl"), ("en-GB", "en"), ("de", None), (None, None)])
def test_telegram_language_codes(code, language):
    assert from_telegram(code) == language


@pytest.mark.parametrize("start, code", [("GM0141", "GM0141"), ("gm0268", "GM0268"), ("11002", "11002"),
                                         ("GM9999", None), ("<script>", None), ("", None)])
def test_deep_link_codes_are_resolved_only_when_real(start, code):
    """The channel passes a /start code on as it is; the action server takes only real municipality codes."""
    def unused(*_):
        raise AssertionError("no lookup for a deep link")

    assert heard_place("greet", [], {"start": start}, "/greet", False,
                       lambda candidate: default_gazetteer().get(candidate) is not None, unused, unused) == code


def test_a_typed_payload_reaches_rasa_as_plain_text():
    """"/ inform_municipality{...}" typed by a user must not set slots: the local chat strips it."""
    from bot.chat import Chat

    sent = []
    chat = Chat("http://unused", "http://unused", read=lambda _: "", write=lambda _: None)
    chat.send = sent.append
    chat.handle('/ inform_municipality{"municipality":"../admin"}')
    assert sent == ['inform_municipality{"municipality":"../admin"}']

