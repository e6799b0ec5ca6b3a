import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureHttp } from './api/http';
import { router } from './router';
import { useAuthStore } from './stores/auth';
import './styles/main.css';

const app = createApp(App);
app.use(createPinia());
const auth = useAuthStore();
configureHttp({ token: () => auth.token, onAuthFailure: auth.noteAuthFailure });
app.use(router);
app.mount('#app');
