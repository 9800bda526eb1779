// plotly.js with only the trace types the dashboard draws: scatter (in core), bar and choropleth.
// Add a trace type here when a figure in dashboard/views/figures starts using it.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/choropleth')]);

module.exports = Plotly;
