"""Quotes shown honestly: "…" where a quote starts or stops mid-sentence, and inner quotes made single.

The excerpts are copied from the five archived articles the site's content cites.
"""

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.loading.quotes import archive_text, displayed_quote, normalise, quote_cuts

# Arutz Sheva, 3 November 2014: a republisher's date line, headline, standfirst, byline, two paragraphs.
LOCKER_DELEGATION = (
    "04/11/2014\n"
    "Official Israeli Delegation Leaves to Solidify Japanese Alliance\n"
    "5-day visit of leading government and industrial representatives sets out as Japanese trade booms.\n"
    "By Ari Yashar 11/3/2014, 1:02 PM\n"
    "Israel continues to turn East as Prime Minister's Office Director-General Harel Locker on Monday left for "
    "Japan leading a delegation of 30 senior representatives.\n"
    "The official visit, which according to Calcalist will last 5 days, follows on the heels of Prime Minister "
    "Binyamin Netanyahu's May visit, the signing of an Industrial R&D Agreement in July which is the first such "
    "agreement Japan has signed, and a visit last month by Japan's Deputy Foreign Minister for Jerusalem's "
    "Japanese Culture Week.\n"
)
LOCKER_TRADE = (
    "Japan's interest in Israel has been growing, as seen in the massive Japanese online store Rakuten's recent "
    "purchase of the Israeli company Viber for $950 million, reports The Marker."
)
# The Jerusalem Post, May 2017: headline, standfirst, photo captions, the cyber agreement.
JPOST_OPENING = (
    "Israel, Japan sign economic, cyber cooperation agreements\n"
    "\n"
    "The new agreements signed with Japan are a continuation of previous such partnerships launched in East Asia "
    "with China and South Korea.\n"
    "\n"
    "PM Netanyahu and PM of Japan Shinzo Abe (photo credit: KOBI GIDEON/GPO)\n"
    "PM Netanyahu and PM of Japan Shinzo Abe\n"
    "(photo credit: KOBI GIDEON/GPO)\n"
    "The Israeli and Japanese economy ministers on Wednesday signed two agreements in Jerusalem that call for "
    "collaboration on both business and cyber security ventures in a bid to double the trade volume between the "
    "two countries.\n"
)
JPOST_CYBER = (
    "The second agreement calls for increased investments and joint activity in the cyber security sector, "
    "including a joint training program, collaborative workshops and the contribution of Israeli experts to "
    "Japan’s Center of Excellence in Cyber Security. “We need Israeli support in the cyber field ahead of the 2020 "
    "Tokyo Olympics, and we look forward to fruitful cooperation,” Seko said.\n"
    "The agreements are a continuation of similar partnerships launched in East Asia with China and South Korea, "
    "all of which have as their goal the strengthening of the Israeli economy, Cohen explained.\n"
)
JPOST_TRADE = (
    "Israeli goods exported to Japan are relatively diverse but most popularly consist of optical, medical and "
    "electrical equipment, while the $2.3b. worth of goods imported from Japan are typically mechanical "
    "appliances, computer equipment and vehicles, the Economy Ministry said."
)
# United with Israel, December 2017: site name, headline, photo alt text and caption, the first paragraphs.
KONO_OPENING = (
    "United with Israel\n"
    "\n"
    "Japan Strengthens Ties with Israel Despite UN Vote\n"
    "\n"
    "Netanyahu and Tara Kono\n"
    "\n"
    "PM Benjamin Netanyahu meets with Japanese Foreign Minister Tara Kono in Jerusalem, Dec. 25, 2017. "
    "(Kobi Gideon/GPO)\n"
    "\n"
    "Just days after supporting a resolution condemning the US’ recognition of Jerusalem as Israel’s capital, "
    "Japan sent its foreign minister to meet with the Israeli prime minister in Jerusalem.\n"
    "\n"
    "\n"
    "Five days after Japan voted in favor of a resolution calling to declare “null and void” US President Donald "
    "Trump’s recognition of Jerusalem as Israel’s capital, no mention of the city’s status was made when Prime "
    "Minister Benjamin Netanyahu hosted Japan’s foreign minister Taro Kono in Jerusalem on Monday.\n"
)
KONO_PACKAGES = (
    "Warm up a soldier's heart with essential winter wear including fleece jackets. Keep an entire unit warm by "
    "ordering 10 packages... The soldiers truly appreciate your love and concern!\n"
)
# JNS, August 2022: breadcrumb trail, headline, the first paragraphs, Gantz's words.
GANTZ_OPENING = (
    "Home / News / Israel / Israel, Japan sign historic defense agreement\n"
    "\n"
    "Israel, Japan sign historic defense agreement\n"
    "\n"
    "Japan and Israel are strengthening their ties with a historic agreement on defense. Israeli Minister of "
    "Defense Benny Gantz and Japanese Minister of Defense Yasukazu Hamada signed a “Memorandum for Defense "
    "Cooperation” at the Japanese Ministry of Defense on Tuesday.\n"
    "\n"
    "The agreement will enable the respective countries to widen defense, strategic and military exchanges.\n"
)
GANTZ_WORDS = (
    "“In Israel, our troops serve in the ‘Israeli Defense Forces – IDF’ – because our mission is to defend our "
    "people,” said Gantz, who is the first Israeli defense minister to travel to Japan over the past decade.\n"
    "\n"
    "“Minister, our countries share this common goal – defending our homes, seeking peace and stability. "
    "Cooperation between Israel and Japan in developing technology and sharing knowledge will enable us to achieve "
    "our common vision.”\n"
    "\n"
    "He added: “Global stability is threatened by Iran’s nuclear program and malign activities. I have just "
    "returned from a visit to our close, shared ally – the United States, where I discussed the nuclear "
    "agreement with Iran. This threat requires a united international front led by the U.S.”\n"
    "\n"
    "Gantz, who arrived in Japan on Monday, met with senior officials in the Japanese government, including Chief "
    "Cabinet Secretary Hirokazu Matsuno, National Security Advisor Takeo Akiba, and Minister of Foreign Affairs "
    "Yoshimasa Hayashi.\n"
)


def cuts(quote: str, article: str) -> tuple[bool, bool]:
    return quote_cuts(normalise(quote), archive_text(article))


# archive_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Abe\n(photo credit)", "Abe\n(photo credit)"),
        ("agreement\n\n\nJapan", "agreement\nJapan"),
        ("Security. \n  “We", 'Security.\n"We'),
        ("line\r\nbreak\rand\u2028separator", "line\nbreak\nand\nseparator"),
        ("in \t the\u00a0 field", "in the field"),
        ("Forces – IDF’ and packages…", "Forces - IDF' and packages..."),
        ("\n\n  Home / News \n", "Home / News"),
    ],
)
def test_archive_text_folds_typography_and_keeps_one_break_per_line_break(raw, text):
    assert archive_text(raw) == text


TRICKY = list(" \t\n\r\v\f\x1c\x1f\x85\u00a0\u2009\u202f\u2028\u2029\u3000“”‘’\"'–—…aZ.,")


@settings(max_examples=300, deadline=timedelta(seconds=2), derandomize=True)
@given(raw=st.text(alphabet=st.one_of(st.sampled_from(TRICKY), st.characters()), max_size=60))
def test_archive_text_is_normalise_with_line_breaks_kept(raw):
    assert archive_text(raw).replace("\n", " ") == normalise(raw)


# quote_cuts


def test_a_fragment_between_commas_is_cut_on_both_sides():
    quote = "follows on the heels of Prime Minister Binyamin Netanyahu's May visit"
    assert cuts(quote, LOCKER_DELEGATION) == (True, True)


def test_a_fragment_from_a_list_is_cut_on_both_sides():
    quote = "the signing of an Industrial R&D Agreement in July which is the first such agreement Japan has signed"
    assert cuts(quote, LOCKER_DELEGATION) == (True, True)


def test_a_sentence_opening_that_stops_at_a_comma_is_cut_after_only():
    assert cuts("Gantz, who arrived in Japan on Monday", GANTZ_WORDS) == (False, True)


def test_a_sentence_ending_without_its_full_stop_is_cut_before_only():
    quote = "said Gantz, who is the first Israeli defense minister to travel to Japan over the past decade"
    assert cuts(quote, GANTZ_WORDS) == (True, False)


def test_a_whole_sentence_is_not_cut():
    quote = (
        "Israel continues to turn East as Prime Minister's Office Director-General Harel Locker on Monday left for "
        "Japan leading a delegation of 30 senior representatives."
    )
    assert cuts(quote, LOCKER_DELEGATION) == (False, False)


def test_a_whole_sentence_without_its_full_stop_is_not_cut():
    quote = "The agreement will enable the respective countries to widen defense, strategic and military exchanges"
    assert cuts(quote, GANTZ_OPENING) == (False, False)


def test_quoted_speech_before_its_attribution_is_not_cut():
    quote = (
        "We need Israeli support in the cyber field ahead of the 2020 Tokyo Olympics, "
        "and we look forward to fruitful cooperation"
    )
    assert cuts(quote, JPOST_CYBER) == (False, False)


def test_quoted_speech_with_its_comma_is_not_cut():
    quote = (
        "We need Israeli support in the cyber field ahead of the 2020 Tokyo Olympics, "
        "and we look forward to fruitful cooperation,"
    )
    assert cuts(quote, JPOST_CYBER) == (False, False)


def test_quoted_speech_with_its_quotation_marks_is_not_cut():
    quote = (
        "“In Israel, our troops serve in the ‘Israeli Defense Forces – IDF’ – "
        "because our mission is to defend our people,”"
    )
    assert cuts(quote, GANTZ_WORDS) == (False, False)


def test_quoted_speech_after_a_colon_is_not_cut():
    quote = "Global stability is threatened by Iran’s nuclear program and malign activities."
    assert cuts(quote, GANTZ_WORDS) == (False, False)


def test_the_attribution_after_quoted_speech_is_cut_before():
    assert cuts("Seko said", JPOST_CYBER) == (True, False)


def test_words_quoted_inside_a_sentence_are_cut():
    assert cuts("null and void", KONO_OPENING) == (True, True)


@pytest.mark.parametrize(
    ("quote", "article"),
    [
        ("04/11/2014", LOCKER_DELEGATION),
        ("Official Israeli Delegation Leaves to Solidify Japanese Alliance", LOCKER_DELEGATION),
        ("By Ari Yashar 11/3/2014, 1:02 PM", LOCKER_DELEGATION),
        ("Israel, Japan sign economic, cyber cooperation agreements", JPOST_OPENING),
        ("United with Israel", KONO_OPENING),
        ("Japan Strengthens Ties with Israel Despite UN Vote", KONO_OPENING),
    ],
)
def test_a_headline_or_byline_on_its_own_line_is_not_cut(quote, article):
    assert cuts(quote, article) == (False, False)


def test_a_photo_caption_line_is_not_cut():
    assert cuts("Netanyahu and Tara Kono", KONO_OPENING) == (False, False)


def test_a_photo_caption_sentence_is_not_cut():
    quote = "PM Benjamin Netanyahu meets with Japanese Foreign Minister Tara Kono in Jerusalem, Dec. 25, 2017."
    assert cuts(quote, KONO_OPENING) == (False, False)


def test_of_several_occurrences_the_one_with_fewest_cuts_is_judged():
    # The caption first appears with its photo credit after it on the same line, then on a line of its own.
    assert cuts("PM Netanyahu and PM of Japan Shinzo Abe", JPOST_OPENING) == (False, False)
    # The headline first appears at the end of the breadcrumb trail, then on a line of its own.
    assert cuts("Israel, Japan sign historic defense agreement", GANTZ_OPENING) == (False, False)


def test_a_quote_found_once_is_judged_where_it_is():
    # In the breadcrumb trail alone the headline follows "Israel / ": cut before, not after.
    breadcrumb = GANTZ_OPENING.split("\n")[0]
    assert "Israel, Japan sign historic defense agreement" in breadcrumb
    assert cuts("Israel, Japan sign historic defense agreement", breadcrumb) == (True, False)


def test_a_quote_may_run_across_a_line_break():
    quote = (
        "Israel, Japan sign historic defense agreement "
        "Japan and Israel are strengthening their ties with a historic agreement on defense."
    )
    assert cuts(quote, GANTZ_OPENING) == (False, False)


def test_a_quote_starting_with_an_ellipsis_is_not_cut_before():
    quote = "... The soldiers truly appreciate your love and concern!"
    assert cuts(quote, KONO_PACKAGES) == (False, False)


def test_an_ellipsis_in_the_text_ends_a_sentence():
    quote = "Keep an entire unit warm by ordering 10 packages"
    assert cuts(quote, KONO_PACKAGES) == (False, False)


def test_a_quote_stopping_before_an_apostrophe_is_cut():
    assert cuts("Rakuten", LOCKER_TRADE) == (True, True)


def test_a_full_stop_inside_a_number_is_no_sentence_boundary():
    assert cuts("while the $2", JPOST_TRADE) == (True, True)
    assert cuts("3b. worth of goods imported from Japan", JPOST_TRADE) == (True, True)
    assert cuts("b. worth of goods imported from Japan", JPOST_TRADE) == (True, True)


def test_a_quote_starting_inside_a_word_is_cut():
    assert cuts("ntz, who arrived in Japan on Monday", GANTZ_WORDS) == (True, True)


def test_a_quote_absent_from_the_text_is_refused():
    with pytest.raises(ValueError):
        cuts("Gantz, who arrived in Japan on Tuesday", GANTZ_WORDS)


# displayed_quote


def test_a_fragment_shows_an_ellipsis_on_each_cut_side():
    quote = "follows on the heels of Prime Minister Binyamin Netanyahu's May visit"
    shown = "…follows on the heels of Prime Minister Binyamin Netanyahu's May visit…"
    assert displayed_quote(quote, cut_before=True, cut_after=True) == shown


def test_a_quote_cut_before_only_shows_a_leading_ellipsis():
    quote = "said Gantz, who is the first Israeli defense minister to travel to Japan over the past decade"
    shown = "…said Gantz, who is the first Israeli defense minister to travel to Japan over the past decade"
    assert displayed_quote(quote, cut_before=True, cut_after=False) == shown


def test_a_quote_cut_after_only_shows_a_trailing_ellipsis():
    assert (
        displayed_quote("Gantz, who arrived in Japan on Monday", False, True)
        == "Gantz, who arrived in Japan on Monday…"
    )


def test_an_uncut_quote_is_shown_as_written():
    quote = "Global stability is threatened by Iran’s nuclear program and malign activities."
    assert displayed_quote(quote, cut_before=False, cut_after=False) == quote


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("... The soldiers truly appreciate", "... The soldiers truly appreciate…"),
        ("…The soldiers truly appreciate", "…The soldiers truly appreciate…"),
        ("ordering 10 packages...", "…ordering 10 packages..."),
        ("ordering 10 packages…", "…ordering 10 packages…"),
    ],
)
def test_an_ellipsis_already_in_the_quote_is_not_doubled(quote, shown):
    assert displayed_quote(quote, cut_before=True, cut_after=True) == shown


def test_typographic_inner_double_quotes_become_single():
    quote = "signed a “Memorandum for Defense Cooperation” at the Japanese Ministry of Defense on Tuesday."
    assert cuts(quote, GANTZ_OPENING) == (True, False)
    assert displayed_quote(quote, cut_before=True, cut_after=False) == (
        "…signed a ‘Memorandum for Defense Cooperation’ at the Japanese Ministry of Defense on Tuesday."
    )


def test_straight_inner_double_quotes_become_single():
    quote = 'Hamada signed a "Memorandum for Defense Cooperation" at the Japanese Ministry of Defense'
    assert displayed_quote(quote, cut_before=False, cut_after=False) == (
        "Hamada signed a ‘Memorandum for Defense Cooperation’ at the Japanese Ministry of Defense"
    )


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ('"We need Israeli support', "‘We need Israeli support"),
        ('fruitful cooperation," Seko said', "fruitful cooperation,’ Seko said"),
        ('to declare ("null and void")', "to declare (‘null and void’)"),
        ('led by the U.S."', "led by the U.S.’"),
    ],
)
def test_a_straight_double_quote_opens_after_a_space_or_bracket_and_closes_elsewhere(quote, shown):
    assert displayed_quote(quote, cut_before=False, cut_after=False) == shown


def test_apostrophes_and_inner_single_quotes_are_left_alone():
    quote = "In Israel, our troops serve in the ‘Israeli Defense Forces – IDF’ – because Japan's and Iran’s"
    assert displayed_quote(quote, cut_before=False, cut_after=False) == quote


def test_a_whole_sentence_with_an_inner_quote_and_a_cut_after():
    quote = (
        "Five days after Japan voted in favor of a resolution calling to declare “null and void” US President "
        "Donald Trump’s recognition of Jerusalem as Israel’s capital"
    )
    assert cuts(quote, KONO_OPENING) == (False, True)
    assert displayed_quote(quote, cut_before=False, cut_after=True) == (
        "Five days after Japan voted in favor of a resolution calling to declare ‘null and void’ US President "
        "Donald Trump’s recognition of Jerusalem as Israel’s capital…"
    )
