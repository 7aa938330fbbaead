#pragma once
// View → Language: System / English / 日本語. The choice is saved (i18n::saveChoice) and
// shown at once, in the same window: apply() installs the language's translation, and Qt's
// QEvent::LanguageChange makes every widget set its texts again (retranslate.h). The model,
// image, layer, Teach classes and everything else stay as they are.
#include <QMenu>

namespace ds::ui {

class LanguageMenu : public QMenu {
    Q_OBJECT
public:
    explicit LanguageMenu(QWidget* parent = nullptr);

    // Shows the user interface in `language` ("en", "ja"): its translation (the one before is
    // removed) and its font: for Japanese the application font becomes a CJK family with Latin
    // glyphs (fontconfig's :lang=ja; digits beside Japanese in the same font and size), for
    // English the font there was before. Returns false for a language there is none for.
    static bool apply(const QString& language);
    // The application font's family for `language` ("" when the platform's default stays).
    static QString fontFamily(const QString& language);

private:
    void choose(const QString& choice);
    void retranslate();

    QAction* m_system = nullptr;
};

}  // namespace ds::ui
