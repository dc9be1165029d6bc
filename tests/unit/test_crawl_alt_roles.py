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
        # a staff card at any length: the name, then a degree, a school, a licence, a membership, years of practice
        ("Mistr houslař Petr Novotný, absolvent houslařské školy v Cremoně, člen Cechu českých houslařů", "cs"),
        ("김민준 원장 / 안경광학과 졸업, 안경사 면허 취득, 경력 15년", "ko"),
        ("Сенсеј Марко Јовановић, 5. дан, лиценцирани тренер Карате федерације Србије", "sr"),
        ("Cô Nguyễn Thị Mai – Hiệu trưởng, Thạc sĩ Giáo dục Mầm non", "vi"),
        ("Игорь Петров, старший тренер. Мастер спорта по тяжёлой атлетике, стаж 12 лет", "ru"),
        ("Kovács Réka mestercukrász, oktató – 15 év szakmai tapasztalat", "hu"),
        ("د. سامر الحلبي – ماجستير تقويم الأسنان، جامعة دمشق. عضو نقابة أطباء الأسنان الأردنية", "ar"),
        ("MUDr. Jana Nováková, absolventka 1. lékařské fakulty UK, členka ČLK", "cs"),
        ("루트 세터 김민준 - 국제 세팅 자격증 보유", "ko"),  # a family name's run of three syllables, a licence
        ("Заведующий отделением Петров Игорь Васильевич, врач высшей категории, к.м.н.", "ru"),
        ("HLV Nguyễn Văn Hùng - Nguyên tuyển thủ quốc gia, 15 năm kinh nghiệm", "vi"),  # a role of five syllables
        ("Mistr pekař Jan Novák, třetí generace rodinného pekařství", "cs"),  # the family business's generation
        ("관장 김태현 (국기원 공인 7단, 체육학 석사)", "ko"),  # credentials in brackets
        ("Иванова Елена Петровна, директор музея, заслуженный работник культуры РФ", "ru"),  # an honorary title
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
        # credentials' words in a scene, with no name before them
        ("Členové klubu na výletě v Moravském krasu", "cs"),
        ("A zenekar öt tagja fekete öltönyben a próbateremben", "hu"),
        ("Выпускники 2025 года с аттестатами на крыльце школы", "ru"),
        ("Lễ tốt nghiệp khóa tiếng Hàn K15 ngày 20/12/2025", "vi"),
        ("Petr Novotný při lakování nových houslí v dílně", "cs"),
        ("정기총회 후 회원들이 코트 앞에서 찍은 단체 사진", "ko"),  # members in a group photo, no name first
        # a name, a credential and then what the person is doing: a news photo's caption
        ("Petr Novák, člen horské služby, zachraňuje turistu ze skalní stěny", "cs"),
        ("Eva Horáková – absolventka FAMU při natáčení dokumentu na Šumavě", "cs"),
        ("Иван Петров, мастер спорта по самбо, проводит бросок на турнире в Казани", "ru"),
        ("Kovács Péter, a mentőcsapat tagja, kutyájával a romok között", "hu"),
        ("Chị Lan, thành viên đội tình nguyện, phát quà cho trẻ em vùng cao", "vi"),
        ("이정훈 선수, 경력 첫 우승 후 트로피를 들어 올리고 있다", "ko"),
        ("محمد علي، عضو فريق الإنقاذ، يحمل طفلا من بين الأنقاض", "ar"),
        ("นายสมชาย ใจดี, ชาวนาที่มีประสบการณ์ 30 ปี กำลังเกี่ยวข้าวในนา", "th"),
    ],
)
def test_a_person_in_a_scene_and_a_named_place_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")
