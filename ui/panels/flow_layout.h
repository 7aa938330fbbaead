#pragma once
// A layout that places its items left to right and wraps to a new row when the width runs
// out (after Qt's "Flow Layout" example). Tool rows use it so a narrow panel shows its
// controls on two rows instead of forcing the whole window to be wider.
//
// Unlike the example it does not report height-for-width (dock widgets and scroll areas do not
// honour it): after each layout pass it sets its widget's minimum height to the rows it
// needs at that width, so the panels around it make room instead of cutting the second row off.
#include <QLayout>
#include <QList>

namespace ds::ui {

class FlowLayout : public QLayout {
public:
    explicit FlowLayout(QWidget* parent = nullptr, int hSpacing = -1, int vSpacing = -1);
    ~FlowLayout() override;

    void addItem(QLayoutItem* item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem* itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem* takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    int heightFor(int width) const { return doLayout(QRect(0, 0, width, 0), true); }
    QSize minimumSize() const override;  // the widest single item
    QSize sizeHint() const override;     // everything on one row
    void setGeometry(const QRect& rect) override;

private:
    int doLayout(const QRect& rect, bool testOnly) const;
    int spacing(Qt::Orientation o) const;

    QList<QLayoutItem*> m_items;
    int m_hSpace, m_vSpace;
};

}  // namespace ds::ui
