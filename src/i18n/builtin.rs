//! Built-in interface strings of the default theme, one table per language.
//!
//! Every table has every key of [`EN`], in the same order; `{name}` placeholders are kept
//! verbatim. A site overrides or adds strings per language in `site.yaml` (`strings:`).

/// Every built-in language with its table, English first.
pub(crate) static BUILTIN: &[(&str, &[(&str, &str)])] = &[
    ("en", EN),
    ("nl", NL),
    ("de", DE),
    ("fr", FR),
    ("es", ES),
    ("ar", AR),
    ("tr", TR),
];

/// English: the fallback for a language that lacks a key.
pub(crate) static EN: &[(&str, &str)] = &[
    ("language_name", "English"),
    ("skip_to_content", "Skip to main content"),
    ("language_switcher", "Language"),
    ("choose_language", "Choose your language"),
    ("breadcrumb", "Breadcrumb"),
    ("home", "Home"),
    ("on_this_page", "On this page"),
    ("in_this_guide", "In this guide"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("author", "Author"),
    ("authors", "Authors"),
    ("updated", "Last updated"),
    ("last_reviewed", "Last reviewed"),
    ("next_review", "Next review"),
    ("checklist", "Checklist"),
    ("checklist_slug", "checklist"),
    ("checklists", "Checklists"),
    ("checklists_slug", "checklists"),
    ("all_checklists", "All checklists"),
    ("part_of", "Part of"),
    ("items_one", "{count} item"),
    ("items_other", "{count} items"),
    ("progress", "{done} of {total} done"),
    ("reset", "Clear all ticks"),
    ("reset_done", "All ticks cleared"),
    ("print", "Print"),
    ("copy_markdown", "Copy as Markdown"),
    ("copy_text", "Copy as plain text"),
    ("copied", "Copied to the clipboard"),
    ("explained_in", "Explained in"),
    (
        "checklist_intro",
        "Tick off each item as you work. Your ticks are saved in this browser only.",
    ),
    ("name_label", "Name"),
    ("date_label", "Date"),
    ("guides", "Guides"),
    ("more_pages", "More"),
    ("start_guide", "Start reading"),
    (
        "fallback_notice",
        "This page is not yet available in {language}. It is shown in {source}.",
    ),
    (
        "stale_notice",
        "The original text was updated after this translation was made.",
    ),
    ("view_original", "Read the original"),
    ("not_found_title", "Page not found"),
    (
        "not_found_text",
        "The page you are looking for does not exist or has moved.",
    ),
    ("back_home", "Go to the home page"),
    ("feed", "Follow updates (Atom feed)"),
    ("undo", "Undo"),
    ("search", "Search"),
    ("search_placeholder", "Search the guidance"),
    ("search_no_results", "No results for {query}"),
    (
        "search_unavailable",
        "Search works only when the site is opened from a web server, not from a file.",
    ),
    ("link_to_item", "Link to this item"),
    ("draft", "Draft"),
    ("date_format", "{day} {month} {year}"),
    ("month_1", "January"),
    ("month_2", "February"),
    ("month_3", "March"),
    ("month_4", "April"),
    ("month_5", "May"),
    ("month_6", "June"),
    ("month_7", "July"),
    ("month_8", "August"),
    ("month_9", "September"),
    ("month_10", "October"),
    ("month_11", "November"),
    ("month_12", "December"),
];

/// Dutch (Nederlands), addressing the reader as "je".
pub(crate) static NL: &[(&str, &str)] = &[
    ("language_name", "Nederlands"),
    ("skip_to_content", "Ga direct naar de inhoud"),
    ("language_switcher", "Taal"),
    ("choose_language", "Kies je taal"),
    ("breadcrumb", "Kruimelpad"),
    ("home", "Home"),
    ("on_this_page", "Op deze pagina"),
    ("in_this_guide", "In deze gids"),
    ("previous", "Vorige"),
    ("next", "Volgende"),
    ("author", "Auteur"),
    ("authors", "Auteurs"),
    ("updated", "Laatst bijgewerkt"),
    ("last_reviewed", "Laatst gecontroleerd"),
    ("next_review", "Volgende controle"),
    ("checklist", "Checklijst"),
    ("checklist_slug", "checklijst"),
    ("checklists", "Checklijsten"),
    ("checklists_slug", "checklijsten"),
    ("all_checklists", "Alle checklijsten"),
    ("part_of", "Onderdeel van"),
    ("items_one", "{count} punt"),
    ("items_other", "{count} punten"),
    ("progress", "{done} van {total} afgevinkt"),
    ("reset", "Alle vinkjes wissen"),
    ("reset_done", "Alle vinkjes zijn gewist"),
    ("print", "Afdrukken"),
    ("copy_markdown", "Kopiëren als Markdown"),
    ("copy_text", "Kopiëren als gewone tekst"),
    ("copied", "Gekopieerd naar het klembord"),
    ("explained_in", "Uitgelegd in"),
    (
        "checklist_intro",
        "Vink elk punt af terwijl je werkt. Je vinkjes worden alleen in deze browser bewaard.",
    ),
    ("name_label", "Naam"),
    ("date_label", "Datum"),
    ("guides", "Gidsen"),
    ("more_pages", "Meer"),
    ("start_guide", "Begin met lezen"),
    (
        "fallback_notice",
        "Deze pagina is nog niet beschikbaar in het {language}. Je ziet hier de tekst in het {source}.",
    ),
    (
        "stale_notice",
        "De oorspronkelijke tekst is bijgewerkt nadat deze vertaling werd gemaakt.",
    ),
    ("view_original", "Lees de oorspronkelijke tekst"),
    ("not_found_title", "Pagina niet gevonden"),
    (
        "not_found_text",
        "De pagina die je zoekt bestaat niet of is verplaatst.",
    ),
    ("back_home", "Naar de startpagina"),
    ("feed", "Volg de wijzigingen (Atom-feed)"),
    ("undo", "Ongedaan maken"),
    ("search", "Zoeken"),
    ("search_placeholder", "Zoek in de gidsen"),
    ("search_no_results", "Geen resultaten voor {query}"),
    (
        "search_unavailable",
        "Zoeken werkt alleen als je de site via een webserver opent, niet als bestand.",
    ),
    ("link_to_item", "Link naar dit punt"),
    ("draft", "Concept"),
    ("date_format", "{day} {month} {year}"),
    ("month_1", "januari"),
    ("month_2", "februari"),
    ("month_3", "maart"),
    ("month_4", "april"),
    ("month_5", "mei"),
    ("month_6", "juni"),
    ("month_7", "juli"),
    ("month_8", "augustus"),
    ("month_9", "september"),
    ("month_10", "oktober"),
    ("month_11", "november"),
    ("month_12", "december"),
];

/// German (Deutsch), neutral phrasing, "Sie" where the reader is addressed.
pub(crate) static DE: &[(&str, &str)] = &[
    ("language_name", "Deutsch"),
    ("skip_to_content", "Zum Hauptinhalt springen"),
    ("language_switcher", "Sprache"),
    ("choose_language", "Sprache wählen"),
    ("breadcrumb", "Brotkrümelnavigation"),
    ("home", "Startseite"),
    ("on_this_page", "Auf dieser Seite"),
    ("in_this_guide", "In diesem Leitfaden"),
    ("previous", "Zurück"),
    ("next", "Weiter"),
    ("author", "Verfasst von"),
    ("authors", "Verfasst von"),
    ("updated", "Zuletzt aktualisiert"),
    ("last_reviewed", "Zuletzt geprüft"),
    ("next_review", "Nächste Prüfung"),
    ("checklist", "Checkliste"),
    ("checklist_slug", "checkliste"),
    ("checklists", "Checklisten"),
    ("checklists_slug", "checklisten"),
    ("all_checklists", "Alle Checklisten"),
    ("part_of", "Gehört zu"),
    ("items_one", "{count} Punkt"),
    ("items_other", "{count} Punkte"),
    ("progress", "{done} von {total} erledigt"),
    ("reset", "Alle Häkchen entfernen"),
    ("reset_done", "Alle Häkchen wurden entfernt"),
    ("print", "Drucken"),
    ("copy_markdown", "Als Markdown kopieren"),
    ("copy_text", "Als reinen Text kopieren"),
    ("copied", "In die Zwischenablage kopiert"),
    ("explained_in", "Erläutert in"),
    (
        "checklist_intro",
        "Haken Sie jeden Punkt ab, sobald er erledigt ist. Die Häkchen werden nur in diesem Browser gespeichert.",
    ),
    ("name_label", "Name"),
    ("date_label", "Datum"),
    ("guides", "Leitfäden"),
    ("more_pages", "Mehr"),
    ("start_guide", "Jetzt lesen"),
    (
        "fallback_notice",
        "Diese Seite ist noch nicht auf {language} verfügbar. Sie wird auf {source} angezeigt.",
    ),
    (
        "stale_notice",
        "Der Originaltext wurde aktualisiert, nachdem diese Übersetzung entstanden ist.",
    ),
    ("view_original", "Originaltext lesen"),
    ("not_found_title", "Seite nicht gefunden"),
    (
        "not_found_text",
        "Die gesuchte Seite existiert nicht oder wurde verschoben.",
    ),
    ("back_home", "Zur Startseite"),
    ("feed", "Änderungen verfolgen (Atom-Feed)"),
    ("undo", "Rückgängig machen"),
    ("search", "Suche"),
    ("search_placeholder", "Leitfäden durchsuchen"),
    ("search_no_results", "Keine Ergebnisse für {query}"),
    (
        "search_unavailable",
        "Die Suche funktioniert nur, wenn die Website über einen Webserver aufgerufen wird, nicht als Datei.",
    ),
    ("link_to_item", "Link zu diesem Punkt"),
    ("draft", "Entwurf"),
    ("date_format", "{day}. {month} {year}"),
    ("month_1", "Januar"),
    ("month_2", "Februar"),
    ("month_3", "März"),
    ("month_4", "April"),
    ("month_5", "Mai"),
    ("month_6", "Juni"),
    ("month_7", "Juli"),
    ("month_8", "August"),
    ("month_9", "September"),
    ("month_10", "Oktober"),
    ("month_11", "November"),
    ("month_12", "Dezember"),
];

/// French (Français), addressing the reader as "vous".
pub(crate) static FR: &[(&str, &str)] = &[
    ("language_name", "Français"),
    ("skip_to_content", "Aller au contenu principal"),
    ("language_switcher", "Langue"),
    ("choose_language", "Choisissez votre langue"),
    ("breadcrumb", "Fil d’Ariane"),
    ("home", "Accueil"),
    ("on_this_page", "Sur cette page"),
    ("in_this_guide", "Dans ce guide"),
    ("previous", "Précédent"),
    ("next", "Suivant"),
    ("author", "Rédigé par"),
    ("authors", "Rédigé par"),
    ("updated", "Dernière mise à jour"),
    ("last_reviewed", "Dernière révision"),
    ("next_review", "Prochaine révision"),
    ("checklist", "Liste de contrôle"),
    ("checklist_slug", "liste-de-controle"),
    ("checklists", "Listes de contrôle"),
    ("checklists_slug", "listes-de-controle"),
    ("all_checklists", "Toutes les listes de contrôle"),
    ("part_of", "Fait partie de"),
    ("items_one", "{count}\u{a0}point"),
    ("items_other", "{count}\u{a0}points"),
    ("progress", "Points cochés\u{a0}: {done} sur {total}"),
    ("reset", "Tout décocher"),
    ("reset_done", "Toutes les coches ont été effacées"),
    ("print", "Imprimer"),
    ("copy_markdown", "Copier en Markdown"),
    ("copy_text", "Copier en texte brut"),
    ("copied", "Copié dans le presse-papiers"),
    ("explained_in", "Expliqué dans"),
    (
        "checklist_intro",
        "Cochez chaque point au fil de votre travail. Vos coches sont enregistrées uniquement dans ce navigateur.",
    ),
    ("name_label", "Nom"),
    ("date_label", "Date"),
    ("guides", "Guides"),
    ("more_pages", "Plus"),
    ("start_guide", "Commencer la lecture"),
    (
        "fallback_notice",
        "Cette page n’est pas encore disponible en {language}. Elle est affichée en {source}.",
    ),
    (
        "stale_notice",
        "Le texte original a été mis à jour depuis la réalisation de cette traduction.",
    ),
    ("view_original", "Lire le texte original"),
    ("not_found_title", "Page introuvable"),
    (
        "not_found_text",
        "La page que vous cherchez n’existe pas ou a été déplacée.",
    ),
    ("back_home", "Aller à la page d’accueil"),
    ("feed", "Suivre les mises à jour (flux Atom)"),
    ("undo", "Annuler la réinitialisation"),
    ("search", "Rechercher"),
    ("search_placeholder", "Rechercher dans les guides"),
    ("search_no_results", "Aucun résultat pour {query}"),
    (
        "search_unavailable",
        "La recherche ne fonctionne que si le site est consulté via un serveur web, et non ouvert comme fichier.",
    ),
    ("link_to_item", "Lien vers ce point"),
    ("draft", "Brouillon"),
    ("date_format", "{day} {month} {year}"),
    ("month_1", "janvier"),
    ("month_2", "février"),
    ("month_3", "mars"),
    ("month_4", "avril"),
    ("month_5", "mai"),
    ("month_6", "juin"),
    ("month_7", "juillet"),
    ("month_8", "août"),
    ("month_9", "septembre"),
    ("month_10", "octobre"),
    ("month_11", "novembre"),
    ("month_12", "décembre"),
];

/// Spanish (Español), addressing the reader as "usted".
pub(crate) static ES: &[(&str, &str)] = &[
    ("language_name", "Español"),
    ("skip_to_content", "Ir al contenido principal"),
    ("language_switcher", "Idioma"),
    ("choose_language", "Elija su idioma"),
    ("breadcrumb", "Ruta de navegación"),
    ("home", "Inicio"),
    ("on_this_page", "En esta página"),
    ("in_this_guide", "En esta guía"),
    ("previous", "Anterior"),
    ("next", "Siguiente"),
    ("author", "Autoría"),
    ("authors", "Autoría"),
    ("updated", "Última actualización"),
    ("last_reviewed", "Última revisión"),
    ("next_review", "Próxima revisión"),
    ("checklist", "Lista de control"),
    ("checklist_slug", "lista-de-control"),
    ("checklists", "Listas de control"),
    ("checklists_slug", "listas-de-control"),
    ("all_checklists", "Todas las listas de control"),
    ("part_of", "Forma parte de"),
    ("items_one", "{count} punto"),
    ("items_other", "{count} puntos"),
    ("progress", "{done} de {total} completados"),
    ("reset", "Desmarcar todo"),
    ("reset_done", "Se han desmarcado todos los puntos"),
    ("print", "Imprimir"),
    ("copy_markdown", "Copiar como Markdown"),
    ("copy_text", "Copiar como texto sin formato"),
    ("copied", "Copiado al portapapeles"),
    ("explained_in", "Explicado en"),
    (
        "checklist_intro",
        "Marque cada punto a medida que avance. Las marcas se guardan solo en este navegador.",
    ),
    ("name_label", "Nombre"),
    ("date_label", "Fecha"),
    ("guides", "Guías"),
    ("more_pages", "Más"),
    ("start_guide", "Empezar a leer"),
    (
        "fallback_notice",
        "Esta página aún no está disponible en {language}. Se muestra en {source}.",
    ),
    (
        "stale_notice",
        "El texto original se ha actualizado después de realizar esta traducción.",
    ),
    ("view_original", "Leer el texto original"),
    ("not_found_title", "Página no encontrada"),
    (
        "not_found_text",
        "La página que busca no existe o ha cambiado de dirección.",
    ),
    ("back_home", "Ir a la página de inicio"),
    ("feed", "Seguir las novedades (canal Atom)"),
    ("undo", "Deshacer"),
    ("search", "Buscar"),
    ("search_placeholder", "Buscar en las guías"),
    ("search_no_results", "No hay resultados para {query}"),
    (
        "search_unavailable",
        "La búsqueda solo funciona si el sitio se abre desde un servidor web, no como archivo.",
    ),
    ("link_to_item", "Enlace a este punto"),
    ("draft", "Borrador"),
    ("date_format", "{day} de {month} de {year}"),
    ("month_1", "enero"),
    ("month_2", "febrero"),
    ("month_3", "marzo"),
    ("month_4", "abril"),
    ("month_5", "mayo"),
    ("month_6", "junio"),
    ("month_7", "julio"),
    ("month_8", "agosto"),
    ("month_9", "septiembre"),
    ("month_10", "octubre"),
    ("month_11", "noviembre"),
    ("month_12", "diciembre"),
];

/// Arabic (العربية), Modern Standard Arabic.
pub(crate) static AR: &[(&str, &str)] = &[
    ("language_name", "العربية"),
    ("skip_to_content", "الانتقال إلى المحتوى الرئيسي"),
    ("language_switcher", "اللغة"),
    ("choose_language", "اختر لغتك"),
    ("breadcrumb", "مسار التنقل"),
    ("home", "الرئيسية"),
    ("on_this_page", "في هذه الصفحة"),
    ("in_this_guide", "في هذا الدليل"),
    ("previous", "السابق"),
    ("next", "التالي"),
    ("author", "إعداد"),
    ("authors", "إعداد"),
    ("updated", "آخر تحديث"),
    ("last_reviewed", "آخر مراجعة"),
    ("next_review", "المراجعة القادمة"),
    ("checklist", "قائمة التحقق"),
    ("checklist_slug", "قائمة-التحقق"),
    ("checklists", "قوائم التحقق"),
    ("checklists_slug", "قوائم-التحقق"),
    ("all_checklists", "جميع قوائم التحقق"),
    ("part_of", "جزء من"),
    ("items_one", "{count} بند"),
    ("items_other", "{count} بنود"),
    ("progress", "تم إنجاز {done} من {total}"),
    ("reset", "إزالة جميع العلامات"),
    ("reset_done", "تمت إزالة جميع العلامات"),
    ("print", "طباعة"),
    ("copy_markdown", "نسخ بتنسيق Markdown"),
    ("copy_text", "نسخ كنص عادي"),
    ("copied", "تم النسخ إلى الحافظة"),
    ("explained_in", "الشرح في"),
    (
        "checklist_intro",
        "ضع علامة على كل بند عند إنجازه. تُحفظ العلامات في هذا المتصفح فقط.",
    ),
    ("name_label", "الاسم"),
    ("date_label", "التاريخ"),
    ("guides", "الأدلة"),
    ("more_pages", "المزيد"),
    ("start_guide", "ابدأ القراءة"),
    (
        "fallback_notice",
        "هذه الصفحة غير متاحة بعد باللغة {language}، وهي معروضة هنا باللغة {source}.",
    ),
    ("stale_notice", "تم تحديث النص الأصلي بعد إعداد هذه الترجمة."),
    ("view_original", "اقرأ النص الأصلي"),
    ("not_found_title", "الصفحة غير موجودة"),
    (
        "not_found_text",
        "الصفحة التي تبحث عنها غير موجودة أو نُقلت إلى مكان آخر.",
    ),
    ("back_home", "الانتقال إلى الصفحة الرئيسية"),
    ("feed", "تابع التحديثات (موجز Atom)"),
    ("undo", "تراجع"),
    ("search", "بحث"),
    ("search_placeholder", "ابحث في الأدلة"),
    ("search_no_results", "لا توجد نتائج للبحث عن {query}"),
    (
        "search_unavailable",
        "لا يعمل البحث إلا عند فتح الموقع من خادم ويب، وليس من ملف.",
    ),
    ("link_to_item", "رابط إلى هذا البند"),
    ("draft", "مسودة"),
    ("date_format", "{day} {month} {year}"),
    ("month_1", "يناير"),
    ("month_2", "فبراير"),
    ("month_3", "مارس"),
    ("month_4", "أبريل"),
    ("month_5", "مايو"),
    ("month_6", "يونيو"),
    ("month_7", "يوليو"),
    ("month_8", "أغسطس"),
    ("month_9", "سبتمبر"),
    ("month_10", "أكتوبر"),
    ("month_11", "نوفمبر"),
    ("month_12", "ديسمبر"),
];

/// Turkish (Türkçe), addressing the reader as "siz".
pub(crate) static TR: &[(&str, &str)] = &[
    ("language_name", "Türkçe"),
    ("skip_to_content", "Ana içeriğe geç"),
    ("language_switcher", "Dil"),
    ("choose_language", "Dilinizi seçin"),
    ("breadcrumb", "Sayfa yolu"),
    ("home", "Ana sayfa"),
    ("on_this_page", "Bu sayfada"),
    ("in_this_guide", "Bu rehberde"),
    ("previous", "Önceki"),
    ("next", "Sonraki"),
    ("author", "Yazar"),
    ("authors", "Yazarlar"),
    ("updated", "Son güncelleme"),
    ("last_reviewed", "Son gözden geçirme"),
    ("next_review", "Sonraki gözden geçirme"),
    ("checklist", "Kontrol listesi"),
    ("checklist_slug", "kontrol-listesi"),
    ("checklists", "Kontrol listeleri"),
    ("checklists_slug", "kontrol-listeleri"),
    ("all_checklists", "Tüm kontrol listeleri"),
    ("part_of", "Dahil olduğu"),
    ("items_one", "{count} madde"),
    ("items_other", "{count} madde"),
    ("progress", "{total} maddeden {done} tanesi tamamlandı"),
    ("reset", "Tüm işaretleri kaldır"),
    ("reset_done", "Tüm işaretler kaldırıldı"),
    ("print", "Yazdır"),
    ("copy_markdown", "Markdown olarak kopyala"),
    ("copy_text", "Düz metin olarak kopyala"),
    ("copied", "Panoya kopyalandı"),
    ("explained_in", "Açıklaması için bkz."),
    (
        "checklist_intro",
        "Çalışırken her maddeyi işaretleyin. İşaretleriniz yalnızca bu tarayıcıda saklanır.",
    ),
    ("name_label", "Ad Soyad"),
    ("date_label", "Tarih"),
    ("guides", "Rehberler"),
    ("more_pages", "Diğer"),
    ("start_guide", "Okumaya başlayın"),
    (
        "fallback_notice",
        "Bu sayfanın henüz {language} sürümü yok. Sayfanın {source} sürümü gösteriliyor.",
    ),
    (
        "stale_notice",
        "Özgün metin, bu çeviri yapıldıktan sonra güncellendi.",
    ),
    ("view_original", "Özgün metni okuyun"),
    ("not_found_title", "Sayfa bulunamadı"),
    (
        "not_found_text",
        "Aradığınız sayfa mevcut değil ya da başka bir yere taşındı.",
    ),
    ("back_home", "Ana sayfaya git"),
    ("feed", "Güncellemeleri takip et (Atom beslemesi)"),
    ("undo", "Geri al"),
    ("search", "Ara"),
    ("search_placeholder", "Rehberlerde ara"),
    ("search_no_results", "{query} için sonuç bulunamadı"),
    (
        "search_unavailable",
        "Arama yalnızca site bir web sunucusu üzerinden açıldığında çalışır, dosya olarak açıldığında çalışmaz.",
    ),
    ("link_to_item", "Bu maddenin bağlantısı"),
    ("draft", "Taslak"),
    ("date_format", "{day} {month} {year}"),
    ("month_1", "Ocak"),
    ("month_2", "Şubat"),
    ("month_3", "Mart"),
    ("month_4", "Nisan"),
    ("month_5", "Mayıs"),
    ("month_6", "Haziran"),
    ("month_7", "Temmuz"),
    ("month_8", "Ağustos"),
    ("month_9", "Eylül"),
    ("month_10", "Ekim"),
    ("month_11", "Kasım"),
    ("month_12", "Aralık"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The `{name}` placeholders of a value.
    fn placeholders(value: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut rest = value;
        while let Some(open) = rest.find('{') {
            let after = &rest[open..];
            match after.find('}') {
                Some(close) => {
                    found.insert(&after[..=close]);
                    rest = &after[close + 1..];
                }
                None => break,
            }
        }
        found
    }

    fn value<'a>(table: &'a [(&str, &str)], key: &str) -> &'a str {
        table
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("missing key {key}"))
    }

    #[test]
    fn english_comes_first_and_codes_are_unique() {
        assert_eq!(BUILTIN[0].0, "en");
        assert!(std::ptr::eq(BUILTIN[0].1, EN));
        let codes: BTreeSet<&str> = BUILTIN.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes.len(), BUILTIN.len());
    }

    #[test]
    fn english_keys_are_unique_and_months_complete() {
        let keys: BTreeSet<&str> = EN.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.len(), EN.len(), "duplicate key in EN");
        for month in 1..=12 {
            assert!(keys.contains(format!("month_{month}").as_str()));
        }
    }

    #[test]
    fn every_table_has_the_keys_of_english_in_order() {
        let en_keys: Vec<&str> = EN.iter().map(|(k, _)| *k).collect();
        for (code, table) in BUILTIN {
            let keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, en_keys, "keys of {code} differ from EN");
        }
    }

    #[test]
    fn placeholders_match_english() {
        for (code, table) in BUILTIN {
            for ((key, en_value), (_, value)) in EN.iter().zip(table.iter()) {
                assert_eq!(
                    placeholders(value),
                    placeholders(en_value),
                    "placeholders of {code}.{key} differ from EN"
                );
            }
        }
    }

    #[test]
    fn slugs_are_usable_url_segments() {
        for (code, table) in BUILTIN {
            for key in ["checklist_slug", "checklists_slug"] {
                let slug = value(table, key);
                assert!(!slug.is_empty(), "{code}.{key} is empty");
                assert_eq!(slug, slug.to_lowercase(), "{code}.{key} is not lowercase");
                assert!(
                    !slug
                        .chars()
                        .any(|c| c.is_whitespace() || matches!(c, '/' | '?' | '#')),
                    "{code}.{key} has a character not allowed in a URL segment"
                );
            }
            assert_ne!(
                value(table, "checklist_slug"),
                value(table, "checklists_slug"),
                "{code}: the two slugs must differ"
            );
        }
    }

    #[test]
    fn no_value_is_empty() {
        for (code, table) in BUILTIN {
            for (key, value) in table.iter() {
                assert!(!value.trim().is_empty(), "{code}.{key} is empty");
            }
        }
    }
}
