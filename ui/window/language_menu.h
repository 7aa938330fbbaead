#pragma once
// View → Language: System / English / 日本語. The choice is saved at once (i18n::saveChoice);
// it takes effect at the next start, which the menu offers to do now (the window closes, its
// settings are saved, and DenseScope starts again on the same image).
#include <QMenu>

#include <functional>

namespace ds::ui {

class LanguageMenu : public QMenu {
    Q_OBJECT
public:
    // `currentImage`: called when restarting, the image to reopen (empty: the default one).
    explicit LanguageMenu(std::function<QString()> currentImage, QWidget* parent = nullptr);

    // The arguments DenseScope is started again with after a language change.
    static QStringList restartArguments(const QString& image);

private:
    void choose(const QString& choice);

    std::function<QString()> m_currentImage;
};

}  // namespace ds::ui
