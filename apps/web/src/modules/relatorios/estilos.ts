// Styles only the reports screen draws (see app/estilos.ts): loaded with its lazy chunk.
import '@mantine/core/styles/SimpleGrid.css';
import '@mantine/core/styles/Table.css';
import '@mantine/core/styles/Combobox.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
