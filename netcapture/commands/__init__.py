"""One module per `netcapture` sub-command."""
