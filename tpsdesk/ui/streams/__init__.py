"""The stream list: rows, their model, the filter proxy, the view, the selected stream's panel."""

from tpsdesk.ui.streams.badge_delegate import StatusBadgeDelegate
from tpsdesk.ui.streams.filter_proxy import StatusFilter, StreamFilterProxy, count_by_filter, format_counts
from tpsdesk.ui.streams.list_stack import ListStack
from tpsdesk.ui.streams.row import Column, StreamRow
from tpsdesk.ui.streams.rows_model import AssetIdRole, SortRole, StatusKindRole, StreamRowsModel
from tpsdesk.ui.streams.table_view import StreamTableView

__all__ = [
    "AssetIdRole", "Column", "ListStack", "SortRole", "StatusBadgeDelegate", "StatusFilter", "StatusKindRole",
    "StreamFilterProxy", "StreamRow", "StreamRowsModel", "StreamTableView", "count_by_filter",
    "format_counts",
]
