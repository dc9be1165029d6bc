"""Keyword runs in Korean and Thai, and a Vietnamese word of two syllables as the whole alt (alt_banners asks
keyword_run, alt_filter one_vietnamese_word).

- Korean and Thai keyword runs (`keyword_run`, alt_keyword_list): SEO plugins list nouns between spaces
  ("강남 치과 임플란트 교정 미백 스케일링": Gangnam, dentist, implant, braces, whitening, scaling; "ทัวร์เชียงใหม่
  ที่พัก โรงแรม รีสอร์ท ดอยสุเทพ"). A Korean sentence ties its words with particles and endings (을/를/이/가/에서,
  -다, -는), a Thai one with verbs and function words (กำลัง, ที่, ของ, ใน, บน); a run has none. Korean and Thai
  captions that are noun phrases are short ("서울 종로구 경복궁 근정전 전경", a place and its view, is five words),
  so a run needs RUN_MIN_WORDS words (THAI_RUN_MIN_WORDS chunks; SEO_RUN_MIN_WORDS with a Korean search term,
  맛집 or 추천), letters only (a year opens a headline: "2023 서울 국제 도서전"), and no view's noun last (풍경).
- A Vietnamese word of two syllables (`one_vietnamese_word`, alt_too_few_words): Vietnamese writes a word
  syllable by syllable, so "xe đạp" (bicycle), "bánh mì", "hoa hồng" (rose) are one word and the two-word
  minimum of alt_filter would count two. No segmenter is installed (pyvi, underthesea): two syllables without
  a verb or a function word (VI_CLAUSE_WORDS) are taken as one word, and so are compounds with a verb inside
  (VI_COMPOUNDS: "máy bay", "phòng ngủ"); "Mèo ngủ" (a cat sleeps) is a clause,
  and captions of three syllables and more are left to the other rules.
- Thai keywords whose chunks repeat their head words (`thai_keyword_list`, alt_keyword_list): "เสื้อผ้าแฟชั่น
  เสื้อผ้าผู้หญิง ชุดเดรส ชุดเดรสสวยๆ" (clothes, clothes, dress, dress), at any length of THAI_KEYWORD_CHUNKS or more.
"""

from __future__ import annotations

from collections import Counter

import regex

THAI_KEYWORD_CHUNKS = 4  # chunks of a Thai keyword list that share a head word, at least
# Words that open Thai clauses and phrases of a sentence (at, in, and, with, of, from, the one who): no head
THAI_FUNCTION_WORDS = {"ที่", "ใน", "และ", "กับ", "ของ", "จาก", "ซึ่ง", "โดย", "เมื่อ", "ขณะ", "บน", "หรือ"}
RUN_MIN_WORDS = 6  # Korean
THAI_RUN_MIN_WORDS = 5  # Thai chunks are phrases: "วัดพระแก้ว กรุงเทพ ประเทศไทย ยามเย็น" is a caption of four
THAI_CHEAP = "ราคาถูก"
_HANGUL_WORD = regex.compile(r"^\p{Hangul}+$")
_THAI_WORD = regex.compile(r"^\p{Thai}+$")
_THAI_LETTER = regex.compile(r"[\u0e00-\u0e7f]")
SEO_RUN_MIN_WORDS = 4
# fmt: off
KOREAN_SEO = (
    "맛집", "추천", "가격", "할인", "최저가", "가성비", "인기", "후기", "이벤트", "전문점", "잘하는곳", "데이트코스",
)
KOREAN_VIEWS = frozenset({"풍경", "모습", "전경", "야경", "현장", "장면", "일몰", "일출", "경치", "광경", "설경"})
# The last syllables of Korean particles and endings: a word ending so is tied into a sentence. Nouns end in
# some of them too ("와인", "디자인"): such a run is kept, the safe side.
KOREAN_TIES = frozenset("을를이가은는에의로와서다요고며한된인던면운른린진든난긴")
# Thai function words, verbs of being and time words: a chunk with one is a clause of a sentence
THAI_CLAUSE_WORDS = frozenset(THAI_FUNCTION_WORDS) | frozenset({
    "กำลัง", "ได้", "เป็น", "อยู่", "มี", "จะ", "แล้ว", "ให้", "ไป", "มา", "ว่า", "ตอน", "ช่วง",
    "ระหว่าง", "ถูก", "ใต้", "ข้าง", "หน้า", "หลัง", "ริม",
    "ท่ามกลาง", "ยาม", "เพื่อ", "แต่", "ก็", "ไม่", "คือ", "กำลังจะ", "ใกล้", "ร่วมกัน", "กัน", "ด้วย", "อย่าง",
})
# Verbs and function words of Vietnamese: two syllables with one of them are a clause, not a compound noun
VI_CLAUSE_WORDS = frozenset({
    "của", "ở", "và", "với", "trên", "trong", "dưới", "bên", "cho", "là", "có", "đang", "đã", "sẽ", "được", "bị",
    "không", "rất", "tại", "từ", "về", "đến", "ra", "vào", "lên", "xuống", "ngủ", "ăn", "uống", "chạy", "bay",
    "đi", "nằm", "ngồi", "đứng", "nở", "rơi", "hát", "múa", "chơi", "bơi", "cười", "khóc", "đọc", "viết", "làm",
    "nấu", "bán", "mua", "xem", "leo", "chụp", "đón", "mọc", "lặn", "tắm", "học", "dạy", "kéo", "đẩy", "nói",
    "nhảy", "gặt", "cày", "trồng", "tưới", "hái", "sủa", "gáy", "kêu", "chào", "đợi", "chờ", "thi",
    "khai", "mừng", "đua", "diễu", "tập", "lái", "sơn", "vẽ", "xây", "sửa", "rửa", "giặt", "phơi",
})
# Compound nouns with a verb inside: one word all the same ("máy bay": a flying machine, an aeroplane)
VI_COMPOUNDS = frozenset({
    "máy bay", "xe đạp", "phòng ngủ", "phòng ăn", "bàn ăn", "nhà ăn", "phòng tắm", "áo tắm", "nhà thờ", "bàn học",
    "sân chơi", "đồ chơi", "ghế ngồi", "nhà ở", "đồ ăn", "món ăn", "thức ăn", "đồ uống", "nước uống", "sách đọc",
    "phòng học", "nhà hát", "bể bơi", "hồ bơi", "áo bơi", "lò nướng",
})
# fmt: on


def keyword_run(text: str) -> bool:
    """Korean or Thai nouns between spaces, RUN_MIN_WORDS or more, no word tied into a sentence."""
    words = text.split()
    # a search term of Korean shops and blogs (맛집: a good restaurant, 추천: recommended) makes four nouns a run
    least = SEO_RUN_MIN_WORDS if any(w.endswith(KOREAN_SEO) for w in words) else RUN_MIN_WORDS
    if len(words) >= least and all(_HANGUL_WORD.match(w) for w in words):
        # a view's noun last says what the picture shows: "부산 해운대 해수욕장 여름 피서객 풍경" (a beach's scene)
        return not any(w[-1] in KOREAN_TIES for w in words) and words[-1] not in KOREAN_VIEWS
    if len(words) >= THAI_RUN_MIN_WORDS and all(_THAI_WORD.match(w) for w in words):
        # ราคาถูก (cheap, a shop's search term) holds ถูก, which elsewhere makes a passive clause
        return not any(s in THAI_CLAUSE_WORDS for w in words for s in thai_words(w.replace(THAI_CHEAP, "ราคา")))
    return False


def thai_keyword_list(low: str) -> bool:
    """Thai keywords between spaces, where other languages put commas: THAI_KEYWORD_CHUNKS chunks or more
    share a head word with another chunk ("เสื้อผ้าแฟชั่น เสื้อผ้าผู้หญิง ชุดเดรส ชุดเดรสสวยๆ": clothes, clothes,
    dress, dress). Thai spaces also end the clauses of a sentence, whose chunks open with different words
    ("นักท่องเที่ยว เดินชม วัดพระแก้ว ในช่วงเย็น")."""
    chunks = low.split()
    if len(chunks) < THAI_KEYWORD_CHUNKS or not all(_THAI_LETTER.search(c) for c in chunks):
        return False
    heads = [[w for w in thai_words(c) if w.strip()][0] for c in chunks]
    shared = sum(
        any(j != i and (chunks[j].startswith(heads[i]) or c.startswith(heads[j])) for j in range(len(chunks)))
        for i, c in enumerate(chunks)
        if len(heads[i]) >= 2 and heads[i] not in THAI_FUNCTION_WORDS
    )
    return shared >= THAI_KEYWORD_CHUNKS


def thai_listed_keywords(items: list[str]) -> bool:
    """Thai keywords between commas: THAI_KEYWORD_CHUNKS items or more, one word in three of them ("เรียนเรือใบ,
    คอร์สเรือใบ, เรือใบพัทยา, สอนเรือใบเด็ก": sailing lessons, sailing course, sailing Pattaya, ...)."""
    if len(items) < THAI_KEYWORD_CHUNKS or not all(_THAI_LETTER.search(i) for i in items):
        return False
    counts = Counter(w for i in items for w in set(thai_words(i)) if len(w) >= 2 and w not in THAI_FUNCTION_WORDS)
    return bool(counts) and counts.most_common(1)[0][1] >= 3


def one_vietnamese_word(text: str) -> bool:
    """Two Vietnamese syllables, letters only, neither a verb nor a function word: one word written in two."""
    words = text.lower().strip(" .!?…").split()
    if len(words) != 2 or not all(w.isalpha() for w in words):
        return False
    return " ".join(words) in VI_COMPOUNDS or VI_CLAUSE_WORDS.isdisjoint(words)


def thai_words(token: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # imported on first use, as alt_filter does

    return word_tokenize(token, engine="newmm", keep_whitespace=False)
