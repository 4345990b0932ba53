# ruff: noqa: E501  (prose in three languages, wrapped by sentence rather than by column)
"""Demo text of the network's Rules of Procedure (written for the demo, shown as such).

Each chapter: (number, {ar, en, fr} title, articles); each article: (number, titles, bodies).
AMENDMENT_2023 is the demo amendment adopted at the fourth meeting (article 10).
"""

RULES_TITLE = {
    "ar": "النظام الداخلي لشبكة منظمة التعاون الإسلامي لخدمات التوظيف العامة",
    "en": "Rules of Procedure of the OIC Public Employment Services Network (OIC-PESNET)",
    "fr": "Règlement intérieur du Réseau des services publics de l'emploi de l'OCI",
}


def _t(ar, en, fr):
    return {"ar": ar, "en": en, "fr": fr}


CHAPTERS = [
    (
        1,
        _t("الأحكام العامة", "General provisions", "Dispositions générales"),
        [
            (
                1,
                _t("التسمية والطبيعة", "Name and nature", "Dénomination et nature"),
                _t(
                    "شبكة منظمة التعاون الإسلامي لخدمات التوظيف العامة منتدى للتعاون يجمع السلطات "
                    "الوطنية العامة المعنية بالتوظيف في الدول الأعضاء في منظمة التعاون الإسلامي، "
                    "أُحدث تنفيذاً لقرار الدورة الثانية للمؤتمر الإسلامي لوزراء العمل.",
                    "The OIC Public Employment Services Network (OIC-PESNET) is a forum for "
                    "cooperation among the national public employment authorities of the Member "
                    "States of the Organisation of Islamic Cooperation, established pursuant to the "
                    "decision of the Second Session of the Islamic Conference of Labour Ministers.",
                    "Le Réseau des services publics de l'emploi de l'OCI est un forum de coopération "
                    "entre les autorités nationales publiques de l'emploi des États membres de "
                    "l'Organisation de la coopération islamique, créé en application de la décision "
                    "de la deuxième session de la Conférence islamique des ministres du Travail.",
                ),
            ),
            (
                2,
                _t("الأهداف", "Objectives", "Objectifs"),
                _t(
                    "تهدف الشبكة إلى تعزيز التعاون وتبادل المعارف والخبرات وأفضل الممارسات بين خدمات "
                    "التوظيف العامة، وبناء قدراتها، ودعم تنفيذ استراتيجية منظمة التعاون الإسلامي "
                    "لسوق العمل.",
                    "The Network aims to strengthen cooperation and the exchange of knowledge, "
                    "experience and best practices among public employment services, to build their "
                    "capacities and to support the implementation of the OIC Labour Market Strategy.",
                    "Le Réseau a pour objet de renforcer la coopération et l'échange de connaissances, "
                    "d'expériences et de bonnes pratiques entre les services publics de l'emploi, de "
                    "renforcer leurs capacités et d'appuyer la mise en œuvre de la Stratégie du "
                    "marché du travail de l'OCI.",
                ),
            ),
        ],
    ),
    (
        2,
        _t("العضوية", "Membership", "Composition"),
        [
            (
                3,
                _t("الأعضاء", "Members", "Membres"),
                _t(
                    "تتكون الشبكة من السلطات الوطنية العامة المعنية بالتوظيف في الدول الأعضاء في "
                    "منظمة التعاون الإسلامي، وتمثل كل دولة عضو جهةُ الاتصال الوطنية التي تسميها.",
                    "The Network is composed of the national public employment authorities of the "
                    "Member States of the OIC. Each Member State is represented by the national "
                    "focal point it nominates.",
                    "Le Réseau se compose des autorités nationales publiques de l'emploi des États "
                    "membres de l'OCI. Chaque État membre est représenté par le point focal national "
                    "qu'il désigne.",
                ),
            ),
            (
                4,
                _t("الشركاء", "Partners", "Partenaires"),
                _t(
                    "يجوز للشبكة أن تدعو المنظمات الإقليمية والدولية ذات الصلة، مثل منظمة العمل "
                    "الدولية والمنظمة الدولية للهجرة والبنك الإسلامي للتنمية والرابطة العالمية لخدمات "
                    "التوظيف العامة، إلى المشاركة في أنشطتها بصفة شركاء.",
                    "The Network may invite relevant regional and international organisations, such "
                    "as the ILO, IOM, the IsDB and WAPES, to take part in its activities as partners.",
                    "Le Réseau peut inviter les organisations régionales et internationales "
                    "compétentes, telles que l'OIT, l'OIM, la BID et l'AMSEP, à participer à ses "
                    "activités en qualité de partenaires.",
                ),
            ),
        ],
    ),
    (
        3,
        _t("جهات الاتصال الوطنية", "National focal points", "Points focaux nationaux"),
        [
            (
                5,
                _t("التسمية", "Nomination", "Désignation"),
                _t(
                    "تسمي كل دولة عضو جهة اتصال رئيسية وجهة اتصال مناوبة بموجب رسالة رسمية توجه إلى "
                    "الأمانة، وتخطر الأمانة دون تأخير بأي تغيير في تسميتهما.",
                    "Each Member State nominates a primary and an alternate focal point by an "
                    "official letter addressed to the Secretariat, and informs the Secretariat "
                    "without delay of any change in their nomination.",
                    "Chaque État membre désigne un point focal principal et un point focal suppléant "
                    "par lettre officielle adressée au secrétariat, et informe sans délai le "
                    "secrétariat de toute modification de leur désignation.",
                ),
            ),
            (
                6,
                _t("المهام", "Duties", "Fonctions"),
                _t(
                    "تتولى جهة الاتصال الوطنية التنسيق مع الأمانة، والمشاركة في اجتماعات الشبكة، "
                    "وتقديم المعلومات والتقارير المرحلية المتعلقة بأنشطة خطة العمل.",
                    "The national focal point coordinates with the Secretariat, takes part in the "
                    "meetings of the Network and provides information and progress reports on the "
                    "activities of the work plan.",
                    "Le point focal national assure la coordination avec le secrétariat, participe "
                    "aux réunions du Réseau et fournit les informations et les rapports d'avancement "
                    "relatifs aux activités du plan de travail.",
                ),
            ),
        ],
    ),
    (
        4,
        _t("رئيس الشبكة والأمانة", "Chair and Secretariat", "Présidence et secrétariat"),
        [
            (
                7,
                _t("رئيس الشبكة", "Chair", "Présidence"),
                _t(
                    "ينتخب اجتماع الشبكة رئيساً من بين أعضائها لمدة سنتين. ويتولى الرئيس، بالتنسيق مع "
                    "الأمانة، توجيه أعمال الشبكة ومتابعة تقدم خطة العمل.",
                    "The meeting of the Network elects a Chair from among its members for a term of "
                    "two years. The Chair, in coordination with the Secretariat, guides the work of "
                    "the Network and reviews the progress of the work plan.",
                    "La réunion du Réseau élit parmi ses membres une présidence pour un mandat de "
                    "deux ans. La présidence, en coordination avec le secrétariat, oriente les "
                    "travaux du Réseau et examine l'avancement du plan de travail.",
                ),
            ),
            (
                8,
                _t("الأمانة", "Secretariat", "Secrétariat"),
                _t(
                    "يتولى مركز الأبحاث الإحصائية والاقتصادية والاجتماعية والتدريب للدول الإسلامية "
                    "(سيسرك) مهام أمانة الشبكة، ويشمل ذلك إعداد الاجتماعات وصياغة البيانات الختامية "
                    "وحفظ سجلات الشبكة.",
                    "SESRIC serves as the Secretariat of the Network. It prepares the meetings, "
                    "drafts the final communiqués and keeps the records of the Network.",
                    "Le SESRIC assure le secrétariat du Réseau. Il prépare les réunions, rédige les "
                    "communiqués finals et tient les archives du Réseau.",
                ),
            ),
        ],
    ),
    (
        5,
        _t("الاجتماعات", "Meetings", "Réunions"),
        [
            (
                9,
                _t("الاجتماعات العادية", "Regular meetings", "Réunions ordinaires"),
                _t(
                    "تعقد الشبكة اجتماعاً عادياً مرة كل سنتين على الأقل، وتوجه الأمانة الدعوات وتعمم "
                    "مشروع جدول الأعمال قبل ستة أسابيع على الأقل من موعد الاجتماع.",
                    "The Network holds a regular meeting at least once every two years. The "
                    "Secretariat sends the invitations and circulates the draft agenda at least six "
                    "weeks before the meeting.",
                    "Le Réseau tient une réunion ordinaire au moins une fois tous les deux ans. Le "
                    "secrétariat adresse les invitations et diffuse le projet d'ordre du jour au "
                    "moins six semaines avant la réunion.",
                ),
            ),
            (
                10,
                _t("الاجتماعات عبر الإنترنت", "Online meetings", "Réunions en ligne"),
                _t(
                    "يجوز للأمانة، بالتشاور مع رئيس الشبكة، أن تدعو جهات الاتصال الوطنية إلى "
                    "اجتماعات عبر الإنترنت لمتابعة تنفيذ خطة العمل.",
                    "The Secretariat may, in consultation with the Chair, convene online meetings of "
                    "the national focal points to follow up the implementation of the work plan.",
                    "Le secrétariat peut, en consultation avec la présidence, convoquer des réunions "
                    "en ligne des points focaux nationaux pour suivre la mise en œuvre du plan de "
                    "travail.",
                ),
            ),
        ],
    ),
    (
        6,
        _t("اتخاذ القرارات", "Decision-making", "Prise de décision"),
        [
            (
                11,
                _t("التوافق", "Consensus", "Consensus"),
                _t(
                    "تتخذ الشبكة قراراتها بالتوافق. ويعتمد اجتماع الشبكة بيانه الختامي بعد تشاور "
                    "جهات الاتصال الوطنية بشأن مشروعه.",
                    "The Network takes its decisions by consensus. The meeting of the Network adopts "
                    "its final communiqué after the national focal points have been consulted on the "
                    "draft.",
                    "Le Réseau prend ses décisions par consensus. La réunion du Réseau adopte son "
                    "communiqué final après consultation des points focaux nationaux sur le projet.",
                ),
            ),
        ],
    ),
    (
        7,
        _t("اللغات", "Languages", "Langues"),
        [
            (
                12,
                _t("لغات العمل", "Working languages", "Langues de travail"),
                _t(
                    "لغات العمل في الشبكة هي العربية والإنجليزية والفرنسية، وتصدر الوثائق الرسمية "
                    "للشبكة باللغتين العربية والإنجليزية على الأقل.",
                    "The working languages of the Network are Arabic, English and French. The "
                    "official documents of the Network are issued at least in Arabic and English.",
                    "Les langues de travail du Réseau sont l'arabe, l'anglais et le français. Les "
                    "documents officiels du Réseau sont publiés au moins en arabe et en anglais.",
                ),
            ),
        ],
    ),
    (
        8,
        _t("التعديلات", "Amendments", "Amendements"),
        [
            (
                13,
                _t("تعديل النظام الداخلي", "Amendment of the Rules", "Amendement du règlement"),
                _t(
                    "يجوز لأي عضو أو للأمانة اقتراح تعديلات على هذا النظام الداخلي، وتعمم الأمانة "
                    "التعديلات المقترحة قبل الاجتماع، ويعتمدها اجتماع الشبكة بالتوافق.",
                    "Any member or the Secretariat may propose amendments to these Rules. The "
                    "Secretariat circulates proposed amendments before the meeting, which adopts "
                    "them by consensus.",
                    "Tout membre ou le secrétariat peut proposer des amendements au présent "
                    "règlement. Le secrétariat diffuse les amendements proposés avant la réunion, "
                    "qui les adopte par consensus.",
                ),
            ),
            (
                14,
                _t("بدء النفاذ", "Entry into force", "Entrée en vigueur"),
                _t(
                    "يدخل هذا النظام الداخلي وتعديلاته حيز النفاذ من تاريخ اعتمادها.",
                    "These Rules and their amendments enter into force on the date of their "
                    "adoption.",
                    "Le présent règlement et ses amendements entrent en vigueur à la date de leur "
                    "adoption.",
                ),
            ),
        ],
    ),
]

# The demo amendment of article 10 adopted at the fourth meeting: a yearly online meeting.
AMENDMENT_2023 = {
    10: _t(
        "تدعو الأمانة، بالتشاور مع رئيس الشبكة، جهات الاتصال الوطنية إلى اجتماع عبر الإنترنت مرة "
        "واحدة على الأقل في كل سنة لا يعقد فيها اجتماع عادي، لمتابعة تنفيذ خطة العمل.",
        "The Secretariat, in consultation with the Chair, convenes an online meeting of the "
        "national focal points at least once in every year in which no regular meeting is held, "
        "to follow up the implementation of the work plan.",
        "Le secrétariat, en consultation avec la présidence, convoque une réunion en ligne des "
        "points focaux nationaux au moins une fois par an lorsqu'aucune réunion ordinaire n'a "
        "lieu, pour suivre la mise en œuvre du plan de travail.",
    )
}
