"""A person's name with a title or a role as the whole alt (crawl/alt_roles.py: alt_name), beside
captions that name a person in a scene, and places named after people."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("MUDr. Jana Nováková", "cs"),  # a degree before the name
        ("Ing. Petr Dvořák, Ph.D.", "cs"),
        ("Ing. arch. Petra Nováková", "cs"),
        ("dr Marko Marković", "sr"),  # Serbian writes the doctor's title without a dot
        ("ThS. Nguyễn Văn Nam", "vi"),
        ("원장 김미영", "ko"),  # a title before a name led by a family name
        ("Kovács Anna, gyermekkönyvtáros", "hu"),  # name, role
        ("A séfünk, Kovács Anna", "hu"),  # role, name
        ("Алексей, старший барбер", "ru"),  # a given name alone, then the role
        ("Kovács Anna hegedűművész", "hu"),  # one role word after it
        ("Ведущий солист театра Алексей Воронов", "ru"),  # a role before it
        ("Nghệ sĩ Nguyễn Văn Hùng", "vi"),
        ("الدكتور أحمد علي", "ar"),
        ("отац Милан", "sr"),  # a priest's title and a given name
        ("Др Марија Петровић, директорка баште", "sr"),  # a title, a name and a role
        ("صورة أحمد", "ar"),  # a picture's word and a name: whose picture
        ("Фото Ивана Петрова", "ru"),
    ],
)
def test_a_name_with_its_role_is_no_caption(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_name")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Petr Pavel při projevu na náměstí", "cs"),  # a preposition: the person in a scene
        ("Иван Петров на сцене театра", "ru"),
        ("Kovács Anna a könyvtár olvasótermében", "hu"),
        ("Преподаватель по классу баяна проводит урок", "ru"),
        ("Náměstí Jana Palacha", "cs"),  # places named after people
        ("Học sinh Trường Lê Quý Đôn", "vi"),
        ("مسجد محمد علي", "ar"),
        ("대표 메뉴", "ko"),  # a title word before a noun, not a family name
        ("Kovács Anna, Szabó Péter és a zenekar a színpadon", "hu"),  # more than a name and a role
        ("Hrad Karlštejn v zimě", "cs"),
        ("Фото Праги", "ru"),  # a picture's word and a place
        ("Kovács Anna Melinda szerepében", "hu"),  # in the role of: a case ending places her in a scene
        ("Jan Novák zpívá", "cs"),  # a verb after the name
        ("صورة المسجد", "ar"),
    ],
)
def test_a_person_in_a_scene_and_a_named_place_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")
