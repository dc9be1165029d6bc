"""User chatter and review text as alt (alt_chatter): "🍜🍜 Ngon quá trời luôn 😋", "팬아트 입니다 ㅎㅎ 예쁘게
봐주세요~~", "리뷰 사진 - 배송 빨라요 너무 예뻐요 ♥". A caption says what a picture shows, in the register of a
description; a comment, a review or a post's teaser talks to its reader. Signs of talk, not word lists of the
sites seen:

- an emoji that speaks for the writer: a face, a heart or a hand (😋 ❤ ♥ ♡ 👍), an emoji said twice ("🍜🍜"),
  or any emoji beside an exclamation ("🍇🍷 Gyere el a szüreti fesztiválra! 🎉"), or at each end of the
  text, framing a slogan ("🔥 Việc làm HOT 🔥"). A caption has no feelings to
  show; a model trained on such text would put emoji into its captions. An emoji that decorates a
  description ("❄️ Замёрзший водопад в Карелии", "서울 N타워의 야경 🌃✨") is no talk, and stays. Emoji are
  Unicode's Extended_Pictographic, less its text symbols (© ® ™, arrows, the geometric shapes sites use as
  bullets: below U+2300 and U+25A0-U+25FF): "Samsung® Galaxy" and "Praha ↔ Brno" are no emoji.
- Korean jamo written alone (ㅎㅎ, ㅋㅋ, ㅠㅠ: laughing, crying), Thai laughter (555), emoticons (^^, :), =)))
  and drawn-out punctuation (~~, !!, ?!), or two exclamations in one alt ("Super! Doporučuji!").
- Thai's intensifier of talk, "สุดๆ" ("สนุกสุดๆ 💃": super fun).
- a question to the reader ("Шта мислите, ко је ово?", "สวยไหมคะ": what do you think, who is this? pretty,
  isn't it?): a caption answers what the picture shows, it does not ask; Thai asks with a particle and a polite
  ending and no question mark ("ไหมคะ"; "ผ้าไหม", silk, is no question).
- a review's or a customer's label as the alt, or before a separator ("Recenze zákazníka", "고객 후기 - ...",
  "Feedback khách hàng"); a review article's picture goes on in words ("Ảnh đánh giá xe VinFast VF8") and stays.
- a customer's words in quotes and who said them ("“Cảm ơn nhà tang lễ đã chu đáo” – chị Lan, Q.7"): a testimonial;
  a quoted title inside a caption ("Детский спектакль «Морозко» – Дед Мороз") does not open the alt.
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_words import TRIM
from mella_ray.crawl.alt_words_nav import unmarked

# Extended_Pictographic, less the text symbols of Latin-1, General Punctuation, Letterlike Symbols and Arrows
# (below U+2300) and the Geometric Shapes block's bullets
_EMOJI = r"[\p{Extended_Pictographic}--[\x00-\u22ff\u25a0-\u25ff]]"
_PICTOGRAPH = regex.compile(_EMOJI, regex.V1)
# Faces (the Emoticons block and the Supplemental Symbols' faces), hearts, hands, a smiling sign, notes
_FEELING = regex.compile(
    r"[\U0001F600-\U0001F64F\U0001F910-\U0001F92F\U0001F970-\U0001F97A\U0001F9D0\U0001F44A-\U0001F450"
    r"\U0001F493-\U0001F49F\U0001F5A4\U0001F90D\U0001F90E\U0001F9E1\U0001F4AF\u2764\u2665\u2661\u263a\u2639♪♫]"
)
_TWICE = regex.compile(rf"({_EMOJI})\uFE0F?\1", regex.V1)
# Jamo typed alone (compatibility jamo, U+3131-U+318E): laughter and tears, two at least ("ㅎㅎ", "ㅠㅠ")
_JAMO = regex.compile(r"[\u3131-\u318e]{2,}")
# Thai laughter (5 is "ha") in a Thai alt: "อร่อยมาก 555", "5555+" (a price of 555 baht is alt_price first)
_THAI_LAUGH = regex.compile(r"(?<![\d.,/-])5{3,}\+*(?![\d.,/-]*\d)")
_THAI = regex.compile(r"\p{Script=Thai}")
# Emoticons and drawn-out punctuation: "^^", "^_^", ":)", ":D", ";)", "=)))", "xD", "<3", "~~", "!!", "?!", "!?"
_EMOTICON = regex.compile(r"\^_*\^|(?<!\w)[:;=]-?[)(DPp]+(?!\w)|(?<!\w)xd+(?!\w)|<3|~~|!!|\?!|!\?|[‼⁉]", regex.I)
EXCLAMATIONS_MAX = 1  # a headline may exclaim once; twice is talk
# A question closing the alt: its mark (Latin, Arabic, full-width), or a Thai question particle with a polite ending
# Thai talk's intensifier ("สนุกสุดๆ", super fun; "อร่อยสุดๆ"): a reviewer's or a banner's voice, not a caption's
_THAI_SUPER = regex.compile(r"สุดๆ|สุด ๆ")
_QUESTION = regex.compile(r"[?؟？]\W*$|(?:ไหม|มั้ย|หรือเปล่า|หรือยัง|ใช่ไหม)(?:คะ|ค่ะ|ครับ|จ๊ะ|นะ)\W*$|มั้ย\W*$")
# fmt: off
# A review's or a customer's label, alone or before a separator: a review widget's photo, not a description
REVIEW_LABELS = (
    # what customers say: "Khách hàng nói: cây khỏe, giao hàng nhanh!"
    "khách hàng nói", "khách hàng nói gì", "zákazníci říkají", "řekli o nás", "ügyfeleink mondták", "ők mondták",
    "клиенты говорят", "клиенты о нас", "отзывы о нас", "kupci kažu", "купци кажу", "рекли су о нама",
    "عملاؤنا يقولون", "ماذا يقول عملاؤنا", "고객님 말씀", "ลูกค้าบอกว่า", "what customers say", "they said",
    # a guest's (a hotel's, a hostel's): "รีวิวจากแขก: พนักงานน่ารักมาก สะอาด"
    "guest review", "guest reviews", "recenze hosta", "recenze hostů", "hodnocení hostů", "vendégvélemény",
    "vendégeink véleménye", "отзыв гостя", "отзывы гостей", "utisci gostiju", "утисци гостију", "đánh giá của khách",
    "cảm nhận của khách", "آراء الضيوف", "تقييمات الضيوف", "투숙 후기", "숙박 후기", "รีวิวจากแขก", "รีวิวจากผู้เข้าพัก",
    "customer review", "customer reviews", "review photo", "recenze zákazníka", "recenze zákazníků",
    "hodnocení zákazníka", "hodnocení zákazníků", "zkušenosti zákazníků", "vásárlói vélemény",
    "vásárlói vélemények", "vásárlói értékelés", "ügyfeleink véleménye", "feedback khách hàng",
    "khách hàng feedback", "ảnh feedback", "ảnh đánh giá", "đánh giá của khách hàng", "đánh giá khách hàng",
    "cảm nhận khách hàng", "отзыв покупателя", "отзывы покупателей", "отзыв клиента", "отзывы клиентов",
    "фото из отзыва", "фото отзыва", "utisci kupaca", "recenzije kupaca", "recenzija kupca", "утисци купаца",
    "рецензије купаца", "آراء العملاء", "تقييمات العملاء", "تقييم العميل", "رأي العميل", "리뷰 사진", "후기 사진",
    "구매 후기", "구매후기", "고객 후기", "고객후기", "상품 리뷰", "상품 후기", "포토 리뷰", "포토리뷰", "รีวิวจากลูกค้า",
    "รีวิวลูกค้า", "ความคิดเห็นจากลูกค้า",
)
# fmt: on
_REVIEW = regex.compile(
    r"^(?:" + "|".join(regex.escape(w) for w in sorted(unmarked(REVIEW_LABELS), key=len, reverse=True)) + r")"
    r"(?=$|\s*[:–—|,.-])"
)

# A Korean review's label last, after what it reviews ("백내장 수술 후기": a cataract operation's review); after a
# period's name it is "late" ("백자 달항아리, 조선 후기": late Joseon)
_KOREAN_REVIEW_LAST = regex.compile(
    r"^(?:\S+\s){0,2}(?!(?:조선|고려|신라|백제|가야|발해|삼국|통일신라|구석기|신석기|청동기|철기)\s)\S+\s(?:후기|사용기|체험기)[!.~\s]*$"
)
# The whole alt a quotation of three words or more and, after a dash or a comma, its speaker in at most five words:
# a name, or a title before one ("chị Lan"). Spoken, not a title: punctuation inside it, or a person who speaks or
# thanks ("Skvělá péče, děkujeme!"); "«Утро в сосновом лесу» — Иван Шишкин" names a painting and its painter
_TESTIMONIAL = regex.compile(
    r"^[“\"„«‘]\s*(?P<quote>[^”\"“»’\s]+(?:\s+[^”\"“»’\s]+){2,})[”\"“»’]\s*[–—,-]\s*"
    r"(?:\p{Lu}|(?:chị|anh|cô|chú|bác|bà|ông|em|pan|paní|slečna|úr|néni|bácsi|г-н|г-жа|госпођа|господин|gospođa"
    r"|gospodin|السيد|السيدة|الأستاذ|الحاج)\s"
    # scripts without case: a Thai honorific joined to the name ("คุณนิด จากกรุงเทพฯ"), a Korean name and its
    # honorific ("김지은 고객님"), an Arabic kunya or title ("أم خالد")
    r"|คุณ|น้อง|พี่|ลุง|ป้า|\p{Hangul}{2,4}\s?(?:고객님|회원님|님|씨)$|(?:أم|أبو|ابو|الحاجة|الحاج)\s"
    # or who they are to the business ("3학년 학부모": a third-grader's parent)
    r"|(?=\S*(?:\s\S+){0,2}\s?(?:학부모|수강생|고객|회원)$))\S*(?:\s+\S+){0,4}$"
)

_SPOKEN = regex.compile(
    r"[,.!?…]|(?<!\w)(?:my|we|our|thank\w*|já|jsem|jsme|můj|moje|naše|děkuj\w*|díky|én|nekem|köszön\w*|я|мы"
    r"|мой|моя|моё|мое|мои|моей|моего|мою|моих|мне|нам|наш\w*|спасибо|благодар\w*|ја|ми|мој|моја|хвала|hvala"
    r"|tôi|chúng tôi|mình|cảm ơn|أنا|نحن|شكرا|شكراً"
    r"|제가|우리|감사\w*|ฉัน|เรา|ผม|ขอบคุณ)(?!\w)"
    r"|ประทับใจ|จะกลับมา|แนะนำ"  # Thai inside a run of words: impressed, will come back, recommend
    r"|\p{Hangul}요(?!\w)",  # Korean's polite spoken ending ("코딩 얘기만 해요")
    regex.I,
)


# A work after the dash, not a customer: a contest's entry, an exhibition, a painting ("“บ้าน ของ เรา ริมโขง” –
# คุณสมศักดิ์ ผู้ชนะการประกวดภาพถ่าย", "«نحن جيل لا ينسى» – جدارية في شارع الحمراء")
_WORK = regex.compile(
    r"ประกวด|ผลงาน|ภาพถ่าย|사진전|작품|공연|لوحة|جدارية|معرض|قصيدة|výstav\w*|kiállítás\w*|выставк\w*|изложб\w*"
    r"|triển lãm|tác phẩm",
    regex.I,
)


def _testimonial(text: str) -> bool:
    m = _TESTIMONIAL.match(text)
    return m is not None and _SPOKEN.search(m["quote"]) is not None and not _WORK.search(text[m.end("quote") :])


# A Thai polite particle closing the alt: someone speaking ("อร่อยมาก หวานกำลังดี จะกลับมาอีกแน่นอนค่ะ", a customer's
# review); "คะ" alone ends words too (โยคะ, yoga)
_THAI_POLITE_LAST = regex.compile(r"\p{Thai}(?:ค่ะ|ครับ|นะคะ|จ้า)[\s!.~]*$")
# "the customer (or guest) says that ..." joined to what they said ("ลูกค้าบอกว่าน้องหมาชอบมาก ส่งไวทันใจ")
_THAI_SAYS = regex.compile(r"^(?:ลูกค้า|แขก)\S{0,8}?(?:บอกว่า|รีวิวว่า|กล่าวว่า)")


def chatter(text: str) -> bool:
    """Whether `text` (normalised) is user chatter or review talk, not a caption (see the module's docstring)."""
    if _FEELING.search(text) or _TWICE.search(text) or ("!" in text and _PICTOGRAPH.search(text)):
        return True
    if _PICTOGRAPH.match(text) and _PICTOGRAPH.search(text[-2:]):
        return True  # an emoji at each end frames a slogan ("🔥 Việc làm HOT 🔥"); a caption is not framed
    if _JAMO.search(text) or _EMOTICON.search(text):
        return True
    if _THAI_LAUGH.search(text) and _THAI.search(text):
        return True
    if text.count("!") > EXCLAMATIONS_MAX or _QUESTION.search(text) or _THAI_SUPER.search(text):
        return True
    if _KOREAN_REVIEW_LAST.search(text) or _THAI_POLITE_LAST.search(text) or _THAI_SAYS.match(text):
        return True
    return _REVIEW.match(text.lower().strip(TRIM)) is not None or _testimonial(text)
