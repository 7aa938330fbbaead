#include "language_menu.h"

#include <QActionGroup>
#include <QApplication>
#include <QMessageBox>
#include <QProcess>

#include "i18n.h"

namespace ds::ui {

LanguageMenu::LanguageMenu(std::function<QString()> currentImage, QWidget* parent)
    : QMenu(tr("&Language"), parent), m_currentImage(std::move(currentImage)) {
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
    };
    add(QStringLiteral("system"), tr("System (%1)").arg(i18n::nativeName(i18n::resolve({}))));
    insertSeparator(nullptr);
    for (const QString& language : i18n::languages()) add(language, i18n::nativeName(language));
}

QStringList LanguageMenu::restartArguments(const QString& image) {
    // Only the image: the model, weights, device and layout come back from the settings, which
    // the closing window saves; a --language given before would override the new choice.
    return image.isEmpty() ? QStringList{} : QStringList{image};
}

void LanguageMenu::choose(const QString& choice) {
    const QString before = i18n::currentLanguage();
    i18n::saveChoice(choice);
    const QString after = i18n::resolve(choice);
    if (after == before) return;
    const bool restartNow =
        QMessageBox::question(
            window(), tr("Language"),
            tr("DenseScope will be shown in %1 from its next start. Restart now? "
               "The image shown now is opened again.")
                .arg(i18n::nativeName(after)),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
    if (!restartNow) return;
    const QStringList args =
        restartArguments(m_currentImage ? m_currentImage() : QString());
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(), args)) {
        QMessageBox::warning(window(), tr("Language"),
                             tr("DenseScope could not start again. Start it yourself to see "
                                "the new language."));
        return;
    }
    window()->close();
}

}  // namespace ds::ui
