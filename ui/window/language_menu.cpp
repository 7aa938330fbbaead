#include "language_menu.h"

#include <QActionGroup>
#include <QApplication>
#include <QFontDatabase>

#include <optional>

#include "i18n.h"
#include "retranslate.h"

namespace ds::ui {

namespace {

// The application font before any language set it: English goes back to it.
std::optional<QFont>& platformFont() {
    static std::optional<QFont> font;
    return font;
}

}  // namespace

LanguageMenu::LanguageMenu(QWidget* parent) : QMenu(parent) {
    setObjectName(QStringLiteral("languageMenu"));
    auto* group = new QActionGroup(this);
    const QString saved = i18n::savedChoice();
    auto add = [&](const QString& choice, const QString& text) {
        QAction* a = addAction(text);
        a->setObjectName(QStringLiteral("actionLanguage_%1").arg(choice));
        a->setCheckable(true);
        a->setChecked(choice == saved);
        a->setData(choice);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, choice] { choose(choice); });
        return a;
    };
    m_system = add(QStringLiteral("system"), QString());
    insertSeparator(nullptr);
    for (const QString& language : i18n::languages()) add(language, i18n::nativeName(language));
    onLanguageChange(this, [this] { retranslate(); });
}

void LanguageMenu::retranslate() {
    setTitle(tr("&Language"));
    m_system->setText(tr("System (%1)").arg(i18n::nativeName(i18n::resolve({}))));
}

QString LanguageMenu::fontFamily(const QString& language) {
    if (language != QLatin1String("ja")) return {};
    const QStringList families = QFontDatabase::families(QFontDatabase::Japanese);
    // Noto Sans CJK JP (Debian's fonts-noto-cjk) first: a sans-serif with Japanese glyph
    // shapes and its own Latin letters and digits; then any family with both.
    for (const char* preferred : {"Noto Sans CJK JP", "Source Han Sans JP", "IPAexGothic",
                                  "IPAGothic", "TakaoPGothic", "VL PGothic"})
        if (families.contains(QLatin1String(preferred))) return QLatin1String(preferred);
    for (const QString& family : families) {
        const auto systems = QFontDatabase::writingSystems(family);
        if (systems.contains(QFontDatabase::Latin) && !QFontDatabase::isFixedPitch(family) &&
            !family.contains(QLatin1String("Mono")) && !family.contains(QLatin1String("Serif")))
            return family;
    }
    return {};
}

bool LanguageMenu::apply(const QString& language) {
    if (!i18n::isLanguage(language)) return false;
    if (qobject_cast<QApplication*>(QCoreApplication::instance())) {
        if (!platformFont()) platformFont() = QApplication::font();
        QFont font = *platformFont();
        const QString family = fontFamily(language);
        if (!family.isEmpty()) {
            font.setFamilies({family});
            font.setFamily(family);
        }
        // The font first: the widgets lay their new texts out in it.
        if (QApplication::font() != font) QApplication::setFont(font);
    }
    return i18n::installTranslations(language);
}

void LanguageMenu::choose(const QString& choice) {
    i18n::saveChoice(choice);
    const QString after = i18n::resolve(choice);
    if (after == i18n::currentLanguage()) return;
    // Every widget gets QEvent::LanguageChange and sets its texts again (retranslate.h).
    apply(after);
}

}  // namespace ds::ui
